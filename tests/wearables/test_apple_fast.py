"""The byte scanner reads what lxml reads: same days, sources, profile, goals and record count, and it
refuses what lxml refuses (with the line), whatever the buffer size and wherever lxml has to take over."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.errors import ImportFormatError
from data.wearables import apple_scan
from data.wearables.apple import parse_apple_xml
from data.wearables.apple_agg import AppleAggregator
from data.wearables.apple_lxml import parse_with_lxml
from data.wearables.model import ParsedExport
from data.wearables.xmlsafe import defang_prolog

NAME = "export.xml"
WATCH = (
    'sourceName="Alex’s Apple Watch" sourceVersion="10.2" device="&lt;&lt;HKDevice: 0x2&gt;, name:Apple Watch, '
    'model:Watch&gt;"'
)
PHONE = 'sourceName="Alex’s iPhone" sourceVersion="17.2" device="&lt;&lt;HKDevice: 0x1&gt;, name:iPhone&gt;"'
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-01-03 10:00:00 -0800"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1988-04-17" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexMale"/>
"""


def rec(rtype: str, src: str, unit: str, start: str, end: str, value: str, meta: int = 0) -> str:
    attrs = (
        f'type="HKQuantityTypeIdentifier{rtype}" {src} unit="{unit}" creationDate="{end}" '
        f'startDate="{start}" endDate="{end}" value="{value}"'
    )
    if not meta:
        return f" <Record {attrs}/>\n"
    children = "".join(f'  <MetadataEntry key="HKMetadataKey{k}" value="{k}"/>\n' for k in range(meta))
    return f" <Record {attrs}>\n{children} </Record>\n"


def apple_form() -> str:
    """A small export written the way Apple writes it, touching every element the scanner knows."""
    body = []
    for day in ("2024-01-01", "2024-01-02"):
        for h in range(6, 10):
            t0, t1 = f"{day} {h:02d}:00:00 -0800", f"{day} {h:02d}:09:00 -0800"
            body.append(rec("HeartRate", WATCH, "count/min", t0, t0, str(60 + h), meta=1))
            body.append(rec("HeartRate", WATCH, "count/min", t1, t1, str(70 + h)))
            body.append(rec("StepCount", PHONE, "count", t0, t1, str(100 * h)))
            body.append(rec("StepCount", WATCH, "count", t0, t1, str(110 * h), meta=h % 2))
            body.append(rec("ActiveEnergyBurned", WATCH, "kJ", t0, t1, f"{41.84 * h:.2f}"))
        body.append(
            rec("BasalEnergyBurned", WATCH, "kcal", f"{day} 23:30:00 -0800", f"{day} 23:59:59 -0800", "80")
        )
        body.append(
            rec(
                "BodyMass",
                'sourceName="Withings"',
                "lb",
                f"{day} 07:00:00 -0800",
                f"{day} 07:00:00 -0800",
                "170",
            )
        )
        body.append(
            f' <Record type="HKCategoryTypeIdentifierSleepAnalysis" {WATCH} startDate="{day} 01:00:00 -0800" '
            f'endDate="{day} 06:30:00 -0800" value="HKCategoryValueSleepAnalysisAsleepCore"/>\n'
        )
        body.append(
            f' <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" {WATCH} unit="ms" '
            f'startDate="{day} 03:00:00 -0800" endDate="{day} 03:01:00 -0800" value="41">\n'
            "  <HeartRateVariabilityMetadataList>\n"
            '   <InstantaneousBeatsPerMinute bpm="61" time="3:00:01.00 AM"/>\n'
            "  </HeartRateVariabilityMetadataList>\n </Record>\n"
        )
        body.append(
            f' <Correlation type="HKCorrelationTypeIdentifierFood" sourceName="App" startDate="{day} 12:00:00 -0800" '
            f'endDate="{day} 12:00:00 -0800">\n'
            + rec(
                "StepCount",
                'sourceName="Nested"',
                "count",
                f"{day} 12:00:00 -0800",
                f"{day} 12:01:00 -0800",
                "9999",
            )
            + " </Correlation>\n"
        )
        body.append(
            f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" {WATCH} '
            f'startDate="{day} 17:00:00 -0800" endDate="{day} 17:30:00 -0800">\n'
            '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
            f'  <WorkoutEvent type="HKWorkoutEventTypePause" date="{day} 17:10:00 -0800"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="{day} 17:00:00 -0800" '
            f'endDate="{day} 17:30:00 -0800" average="141" minimum="98" maximum="163" unit="count/min"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="{day} 17:00:00 '
            f'-0800" endDate="{day} 17:30:00 -0800" sum="1255.2" unit="kJ"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" startDate="{day} '
            f'17:00:00 -0800" endDate="{day} 17:30:00 -0800" sum="3.1" unit="mi"/>\n'
            " </Workout>\n"
        )
        # An older export's form: totals as attributes, no statistics; outside the watch's records.
        body.append(
            f' <Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="0.75" durationUnit="hr" '
            f'totalDistance="15" totalDistanceUnit="km" totalEnergyBurned="410" totalEnergyBurnedUnit="kcal" '
            f'sourceName="Strava" startDate="{day} 19:00:00 -0800" endDate="{day} 19:45:00 -0800"/>\n'
        )
        body.append(
            f' <Record type="HKQuantityTypeIdentifierRestingHeartRate" {WATCH} unit="count/min" '
            f'startDate="{day} 00:00:00 -0800" endDate="{day} 23:59:59 -0800" value="{52 + len(body) % 5}"/>\n'
        )
        body.append(
            f' <ActivitySummary dateComponents="{day}" activeEnergyBurned="300" activeEnergyBurnedGoal="500" '
            'activeEnergyBurnedUnit="kcal" appleExerciseTime="20" appleExerciseTimeGoal="30"/>\n'
        )
    body.append(rec("Height", PHONE, "cm", "2024-01-01 09:00:00 -0800", "2024-01-01 09:00:00 -0800", "181"))
    return HEAD + "".join(body) + "</HealthData>\n"


APPLE = apple_form().encode()


def with_lxml(doc: bytes) -> ParsedExport:
    agg = AppleAggregator()
    parse_with_lxml(agg, defang_prolog(io.BytesIO(doc), b"HealthData", NAME), NAME)
    return agg.result()


def scanned(doc: bytes) -> ParsedExport:
    return parse_apple_xml(io.BytesIO(doc), NAME)


def outcome(parse: Callable[[bytes], ParsedExport], doc: bytes) -> ParsedExport | str:
    try:
        return parse(doc)
    except ImportFormatError:
        return "refused"


@pytest.fixture
def handovers(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The head of what the scanner hands to lxml, once per hand-over."""
    seen: list[bytes] = []
    real = apple_scan.parse_with_lxml

    def spy(agg: AppleAggregator, stream: apple_scan._Resumed, name: str, **kw: object) -> None:
        seen.append(stream.head[:200])
        real(agg, stream, name, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(apple_scan, "parse_with_lxml", spy)
    return seen


def line_of(doc: bytes, needle: bytes) -> int:
    return doc[: doc.index(needle)].count(b"\n") + 1


def test_apple_form_is_scanned_without_lxml_and_reads_the_same(handovers: list[bytes]) -> None:
    fast = scanned(APPLE)
    assert handovers == []
    assert fast == with_lxml(APPLE)
    # 2 days x (4 hours x 5 + 4 records, 2 workouts, resting HR) + height; the record inside the
    # Correlation is not top level.
    assert fast.records == 2 * (4 * 5 + 4 + 2 + 1) + 1
    day = {d.day.isoformat(): d for d in fast.daily if d.source == "apple_health"}["2024-01-01"]
    assert day.steps == pytest.approx(110 * (6 + 7 + 8 + 9))  # the watch wins over the phone
    assert day.sleep_min == pytest.approx(330)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            'type="HKQuantityTypeIdentifierStepCount" sourceName="Alex’s iPhone"',
            'sourceName="Alex’s iPhone" type="HKQuantityTypeIdentifierStepCount"',
        ),
        ("Alex’s Apple Watch", "Alex&#x2019;s Apple Watch"),
        ("Alex’s iPhone", "Alex&#8217;s\tiPhone &amp; co"),
        ('value="600"', "value='600'"),
        ('unit="kJ"', 'unit="&#107;J"'),
        (
            '<Record type="HKQuantityTypeIdentifierBodyMass"',
            '<!-- scale -->\n <Record type="HKQuantityTypeIdentifierBodyMass"',
        ),
        (
            'value="HKCategoryValueSleepAnalysisAsleepCore"/>',
            'value="HKCategoryValueSleepAnalysisAsleepCore"><![CDATA[x]]></Record>',
        ),
        ("\n", "\r\n"),
        ('value="700"/>', 'value="700" ></Record >'),
        ('<?xml version="1.0" encoding="UTF-8"?>', '\ufeff<?xml version="1.0" encoding="UTF-8"?>'),
        ('<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0'?><?pi x?>"),
        ("</HealthData>\n", "</HealthData>\n<!-- end -->\n"),
        ('locale="en_US"', 'xmlns:h="urn:x" locale="en_US"'),
        ('unit="kJ"', 'xmlns:h="urn:x" h:note="1" unit="kJ"'),
    ],
)
def test_unusual_but_valid_forms_read_the_same(old: str, new: str) -> None:
    assert old in apple_form()
    doc = apple_form().replace(old, new).encode()
    assert scanned(doc) == with_lxml(doc)


def test_hand_over_keeps_open_elements_and_line_numbers(handovers: list[bytes]) -> None:
    text = apple_form().replace("<Workout", "<!-- a comment -->\n <Workout", 1)
    bad = text.replace('value="HKCategoryValueSleepAnalysisAsleepCore"', "value=\"x\" value='y'", 2)
    doc = bad.encode()
    line = line_of(doc, b"value='y'")
    with pytest.raises(ImportFormatError, match=rf"export.xml: line {line}: malformed XML"):
        scanned(doc)
    assert handovers and handovers[0].startswith(b'<HealthData locale="en_US">')


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.replace(b'value="66"', b'value="6\xff6"'),  # not UTF-8, in a record nobody reads
        lambda d: d.replace(b'value="66"', b'value="6\xef\xbf\xbf6"'),  # U+FFFF is not an XML character
        lambda d: d.replace(b'value="66"', b'value="6&#0;6"'),
        lambda d: d.replace(b'value="66"', b'value="6" value="6"'),
        lambda d: d.replace(b'value="66"', b'value="66" x="1"y="2"'),
        lambda d: d.replace(b'value="66"', b'value="6<6"'),
        lambda d: d.replace(b'value="66"', b'value="6&nbsp;6"'),
        lambda d: d.replace(b'value="66"', b'value="66" / '),
        lambda d: d.replace(b'value="66"', b'value="66\x01"'),
    ],
)
def test_malformed_xml_is_refused_with_its_line(damage: Callable[[bytes], bytes]) -> None:
    doc = damage(APPLE)
    assert doc != APPLE
    line = line_of(doc, b'startDate="2024-01-01 06:00:00 -0800" endDate="2024-01-01 06:00:00 -0800"')
    with pytest.raises(ImportFormatError, match=rf"line {line}: malformed XML"):
        scanned(doc)
    assert outcome(with_lxml, doc) == "refused"


def test_bad_value_in_a_scanned_record_names_its_line() -> None:
    doc = APPLE.replace(
        b'unit="count" creationDate="2024-01-02 08:09:00 -0800"', b'unit="count" creationDate="x"'
    )
    doc = doc.replace(b'value="880"', b'value="88o"', 1)
    with pytest.raises(
        ImportFormatError, match=rf"export.xml: line {line_of(doc, b'88o')}: value='88o' is not a number"
    ):
        scanned(doc)


@pytest.mark.parametrize(
    "record",
    [
        rec("StepCount", PHONE, "count", "1900-01-01 10:00:00 -0800", "2100-01-01 10:00:00 -0800", "100"),
        '<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="x" '
        'startDate="2000-01-01 23:00:00 +0000" endDate="2024-01-02 07:00:00 +0000" '
        'value="HKCategoryValueSleepAnalysisAsleepCore"/>\n',
    ],
    ids=["steps", "sleep"],
)
@pytest.mark.parametrize("parse", [scanned, with_lxml], ids=["scanner", "lxml"])
def test_a_record_spanning_years_is_refused_with_its_line(
    parse: Callable[[bytes], ParsedExport], record: str
) -> None:
    # Spread over its buckets such a step record took about a minute and made 73,000 invented days.
    doc = (HEAD + record + "</HealthData>\n").encode()
    line = line_of(doc, b"<Record")
    with pytest.raises(
        ImportFormatError, match=rf"export.xml: line {line}: the record spans \d+ days, more than"
    ):
        parse(doc)


# Valid or not, each sends the scanner off its narrow form somewhere.
ODD = [
    b"&#x2019;",
    b"&#0;",
    b"<!-- c -->",
    b"\t",
    b"\r\n",
    b"&amp;",
    b"'",
    b"\xe2\x80\x99",
    b"\xef\xbf\xbf",
    b"<a/>",
    b"</Record>",
    b' xmlns="u"',
    b' a:b="1"',
    b"<x:y/>",
    b"<?pi?>",
    b"<![CDATA[x]]>",
    b"\xed\xa0\x80",
    b"\xc0\x80",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chunk=st.sampled_from([64, 300, 4096, 4 << 20]),
    cut=st.one_of(st.none(), st.integers(min_value=0, max_value=len(APPLE))),
    flips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(APPLE) - 1), st.integers(1, 255)), max_size=3
    ),
    insert=st.one_of(
        st.none(), st.tuples(st.integers(min_value=0, max_value=len(APPLE)), st.sampled_from(ODD))
    ),
)
def test_damaged_or_split_anywhere_the_scanner_agrees_with_lxml(
    monkeypatch: pytest.MonkeyPatch,
    chunk: int,
    cut: int | None,
    flips: list[tuple[int, int]],
    insert: tuple[int, bytes] | None,
) -> None:
    # Small buffers put token boundaries everywhere; damage must be refused by both or by neither.
    monkeypatch.setattr(apple_scan, "CHUNK", chunk)
    monkeypatch.setattr(apple_scan, "LOOKAHEAD", min(chunk // 2, apple_scan.LOOKAHEAD))
    doc = bytearray(APPLE)
    if insert is not None:
        doc[insert[0] : insert[0]] = insert[1]
    doc = doc[:cut]
    for pos, xor in flips:
        if pos < len(doc):
            doc[pos] ^= xor
    assert outcome(scanned, bytes(doc)) == outcome(with_lxml, bytes(doc))


@pytest.mark.parametrize(
    "bad", ["2024-01-01 12:99:00 +0100", "2024-01-01 12:30:61 +0100", "2024-01-01 25:00:00 +0100"]
)
def test_out_of_range_times_are_refused_not_carried_over(bad: str) -> None:
    from data.wearables.apple_agg import Stamp

    stamp = Stamp()
    stamp("2024-01-01 12:00:00 +0100")  # warm the cache for the date and hour
    with pytest.raises(ValueError, match="bad time"):
        stamp(bad)
    with pytest.raises(ValueError, match="bad time"):
        stamp(bad.encode())


def test_valid_stamp_still_parses_through_the_cache() -> None:
    from data.wearables.apple_agg import Stamp

    stamp = Stamp()
    first = stamp("2024-01-01 12:00:00 +0100")
    assert stamp("2024-01-01 12:59:59 +0100") == (first[0], first[1] + 59 * 60 + 59, 3600)
