"""Reference intakes for adults, transcribed from the NASEM Dietary Reference Intakes (public domain).

The numbers are those of the NIH Office of Dietary Supplements DRI summary tables (the same values as
shared/nutrition/dri_adults_us.csv and amdr_and_limits.csv, which are not shipped with the app);
every row names the report it comes from so a reader can check it.
"""

from __future__ import annotations

from dataclasses import dataclass

AGE_BANDS: tuple[tuple[int, int | None], ...] = ((19, 30), (31, 50), (51, 70), (71, None))


@dataclass(frozen=True)
class DriRow:
    """One nutrient's daily reference intake by sex and age band (19-30, 31-50, 51-70, 71+)."""

    nutrient: str  # key used across Larder, e.g. calcium_mg
    kind: str  # RDA | AI
    male: tuple[float, float, float, float]
    female: tuple[float, float, float, float]
    source: str

    def value(self, sex: str, age: int) -> float:
        return (self.female if sex == "female" else self.male)[age_band(age)]


def age_band(age: int) -> int:
    """Index into AGE_BANDS; people under 19 get the 19-30 values (the caller says so)."""
    for index, (_low, high) in enumerate(AGE_BANDS):
        if high is None or age <= high:
            return index
    return len(AGE_BANDS) - 1


def band_label(age: int) -> str:
    low, high = AGE_BANDS[age_band(age)]
    return f"{low}+" if high is None else f"{low}-{high}"


MICRONUTRIENTS: tuple[DriRow, ...] = (
    DriRow(
        "calcium_mg",
        "RDA",
        (1000, 1000, 1000, 1200),
        (1000, 1000, 1200, 1200),
        "NASEM DRI Calcium and Vitamin D 2011",
    ),
    DriRow("iron_mg", "RDA", (8, 8, 8, 8), (18, 18, 8, 8), "NASEM DRI micronutrients 2001"),
    DriRow("magnesium_mg", "RDA", (400, 420, 420, 420), (310, 320, 320, 320), "NASEM DRI 1997"),
    DriRow(
        "potassium_mg",
        "AI",
        (3400, 3400, 3400, 3400),
        (2600, 2600, 2600, 2600),
        "NASEM DRI Sodium and Potassium 2019",
    ),
    DriRow("zinc_mg", "RDA", (11, 11, 11, 11), (8, 8, 8, 8), "NASEM DRI micronutrients 2001"),
    DriRow(
        "vitamin_a_ug",
        "RDA",
        (900, 900, 900, 900),
        (700, 700, 700, 700),
        "NASEM DRI micronutrients 2001 (RAE)",
    ),
    DriRow("vitamin_c_mg", "RDA", (90, 90, 90, 90), (75, 75, 75, 75), "NASEM DRI 2000"),
    DriRow("vitamin_d_ug", "RDA", (15, 15, 15, 20), (15, 15, 15, 20), "NASEM DRI Calcium and Vitamin D 2011"),
    DriRow("vitamin_b12_ug", "RDA", (2.4, 2.4, 2.4, 2.4), (2.4, 2.4, 2.4, 2.4), "NASEM DRI B vitamins 1998"),
    DriRow("folate_ug", "RDA", (400, 400, 400, 400), (400, 400, 400, 400), "NASEM DRI B vitamins 1998 (DFE)"),
)

# Fiber AI by sex and age band; the basis of these is 14 g per 1000 kcal (used instead when energy is known).
FIBER_AI = DriRow("fiber_g", "AI", (38, 38, 30, 30), (25, 25, 21, 21), "NASEM DRI Macronutrients 2002/2005")

PROTEIN_RDA_G_PER_KG = 0.8  # NASEM DRI Macronutrients 2002/2005
CARBOHYDRATE_RDA_G = 130.0  # NASEM DRI Macronutrients 2002/2005 (brain glucose floor)
SODIUM_CDRR_MG = 2300.0  # NASEM DRI Sodium and Potassium 2019: reduce intake if above
SODIUM_AI_MG = 1500.0  # NASEM DRI Sodium and Potassium 2019

# Acceptable Macronutrient Distribution Ranges, % of energy (NASEM DRI Macronutrients 2002/2005).
AMDR_PROTEIN_PCT = (10.0, 35.0)
AMDR_FAT_PCT = (20.0, 35.0)
AMDR_CARBOHYDRATE_PCT = (45.0, 65.0)
ADDED_SUGARS_MAX_PCT = 10.0  # Dietary Guidelines for Americans 2020-2025
SATURATED_FAT_MAX_PCT = 10.0  # Dietary Guidelines for Americans 2020-2025
FIBER_G_PER_1000_KCAL = 14.0  # NASEM DRI Macronutrients 2002/2005 (basis of the AI)

KCAL_PER_G_PROTEIN = 4.0
KCAL_PER_G_CARBOHYDRATE = 4.0
KCAL_PER_G_FAT = 9.0

SOURCES: dict[str, str] = {
    "amdr": "NASEM DRI Macronutrients 2002/2005 (AMDR)",
    "dga": "Dietary Guidelines for Americans 2020-2025",
    "sodium": "NASEM DRI Sodium and Potassium 2019",
    "mifflin": "Mifflin et al., Am J Clin Nutr 1990;51:241-247",
    "protein": "NASEM DRI 2002/2005; ACSM/AND/DC 2016; ISSN 2017 (Jager et al.); Morton et al. 2018",
}
