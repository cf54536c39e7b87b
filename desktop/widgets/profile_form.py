"""The profile editor: sex, birth date, height, weight (in the units the user chose), goal and its rate
(kg or lb a week; "Default" is the agent's usual pace), activity, diet, allergies (the allergens the agent
checks food against) and dislikes.

It holds the values in Larder's units (kg, cm) and only converts what it shows, so switching units
back and forth changes nothing; `changes()` returns only what the user changed, checked with the rules
the profile store applies (agents.app.ProfileChoices), or raises FormError with every problem."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, QStringListModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from agents.app import (
    Larder,
    ProfileChanges,
    ProfileChoices,
    ProfileView,
    cm_to_ft_in,
    display_name,
    format_height,
    format_rate,
    format_weight,
    ft_in_to_cm,
    kg_to_lb,
    lb_to_kg,
)
from desktop.theme import SPACING

NO_DATE = QDate(1900, 1, 1)  # the date edit's "Not set" (Qt date edits cannot be empty)
SAME = 1e-6
FIELD_NAMES = {
    "height_cm": "height",
    "weight_kg": "weight",
    "birth_date": "birth date",
    "goal_rate_kg_per_week": "goal rate",
}
# The rate box's range: wider than any safe pace, so a too-fast rate is typed and then refused with
# the reason (the front door's bounds) instead of silently stopping at a limit the user cannot see.
RATE_MAX_KG = 2.0
RATE_MAX_LB = 4.4


class FormError(ValueError):
    """The form's values break a rule; the message names every field at fault, one per line."""


def _changed(new: float | None, old: float | None, digits: int) -> float | None:
    """The new value (rounded: 0.001 kg is well below any scale) when it differs from the stored one."""
    if new is None or (old is not None and abs(new - old) <= SAME):
        return None
    return round(new, digits)


def _dislike_label(stored: str) -> str:
    return display_name(stored, stored.replace("_", " ").capitalize())


class ChipRow(QWidget):
    """Checkable chips in a wrapping grid (allergies), or removable chips (dislikes)."""

    changed = Signal()

    def __init__(self, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(SPACING - 2)
        self._grid.setVerticalSpacing(SPACING - 2)
        self._columns = columns
        self.chips: dict[str, QPushButton] = {}

    def add_chip(self, key: str, text: str, *, checkable: bool, tooltip: str = "") -> QPushButton:
        chip = QPushButton(text)
        chip.setProperty("chip", True)
        chip.setCheckable(checkable)
        chip.setCursor(Qt.CursorShape.PointingHandCursor)
        chip.setAccessibleName(tooltip or text)
        chip.setToolTip(tooltip or text)
        chip.toggled.connect(self.changed)
        index = len(self.chips)
        self._grid.addWidget(chip, index // self._columns, index % self._columns)
        self.chips[key] = chip
        return chip

    def clear(self) -> None:
        for chip in self.chips.values():
            self._grid.removeWidget(chip)
            chip.deleteLater()
        self.chips = {}

    def checked(self) -> set[str]:
        return {key for key, chip in self.chips.items() if chip.isChecked()}


class ProfileForm(QWidget):
    edited = Signal()  # any change by the user (the page enables Save)

    def __init__(
        self, choices: ProfileChoices, ingredient_names: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choices = choices
        self.units = "metric"
        self._stored = ProfileView()
        self._height_cm: float | None = None
        self._weight_kg: float | None = None
        self._rate_kg: float | None = None  # the goal's pace; None: the default
        self._dislikes: list[str] = []
        self._loading = False
        self.loaded = False  # set_profile has run (before that the widgets hold Qt's defaults)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(SPACING)
        form = QFormLayout()
        form.setHorizontalSpacing(2 * SPACING)
        form.setVerticalSpacing(SPACING)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form = form

        self.sex = self._combo("Sex", (("", "Not set"), *choices.sexes))
        self.birth = QDateEdit()
        self.birth.setCalendarPopup(True)
        self.birth.setDisplayFormat("d MMM yyyy")
        self.birth.setMinimumDate(NO_DATE)
        self.birth.setMaximumDate(QDate.currentDate())
        self.birth.setSpecialValueText("Not set")
        self.birth.setDate(NO_DATE)
        self.birth.setAccessibleName("Birth date")
        self.birth.dateChanged.connect(self._on_edit)

        self.height_stack = QStackedWidget()
        self.height_cm = self._spin("Height in centimetres", " cm", 0, 300, 0)
        self.height_cm.valueChanged.connect(self._on_height_metric)
        us_height = QWidget()
        us_row = QHBoxLayout(us_height)
        us_row.setContentsMargins(0, 0, 0, 0)
        us_row.setSpacing(SPACING)
        self.height_ft = QSpinBox()
        self.height_ft.setRange(0, 9)
        self.height_ft.setSuffix(" ft")
        self.height_ft.setAccessibleName("Height, feet")
        self.height_in = self._spin("Height, inches", " in", 0, 11.9, 1)
        self.height_ft.valueChanged.connect(self._on_height_us)
        self.height_in.valueChanged.connect(self._on_height_us)
        us_row.addWidget(self.height_ft, 1)
        us_row.addWidget(self.height_in, 1)
        self.height_stack.addWidget(self.height_cm)
        self.height_stack.addWidget(us_height)
        self.height_stack.setMaximumHeight(self.height_cm.sizeHint().height() + 4)
        self.weight = self._spin("Weight", " kg", 0, 999, 1)
        self.weight.valueChanged.connect(self._on_weight)

        goal_row = QWidget()
        goal_layout = QHBoxLayout(goal_row)
        goal_layout.setContentsMargins(0, 0, 0, 0)
        goal_layout.setSpacing(0)
        self.goal_group = QButtonGroup(self)
        self.goal_buttons: dict[str, QPushButton] = {}
        for i, (key, text) in enumerate(choices.goals):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setProperty(
                "segment", "first" if i == 0 else "last" if i == len(choices.goals) - 1 else "mid"
            )
            button.setAccessibleName(f"Goal: {text}")
            self.goal_group.addButton(button)
            self.goal_buttons[key] = button
            goal_layout.addWidget(button, 1)
        self.goal_group.buttonToggled.connect(self._on_goal_toggled)
        # The rate sits in its own row under the goal: beside the three segments it squeezed them
        # ("Maintain" cut) at 1024 px.
        self.rate = self._spin("Goal rate per week", " kg/wk", 0, RATE_MAX_KG, 2)
        self.rate.setSpecialValueText("Default")  # shown at 0: the agent's usual pace (set per goal)
        self.rate.setSingleStep(0.05)
        self.rate.setEnabled(False)  # until the goal is lose or gain
        self.rate.valueChanged.connect(self._on_rate)
        rate_box = QWidget()
        rate_box_layout = QVBoxLayout(rate_box)
        rate_box_layout.setContentsMargins(0, 0, 0, 0)
        rate_box_layout.setSpacing(2)
        self.rate_hint = QLabel()  # the fastest safe pace for the chosen goal (the reason: tooltip)
        self.rate_hint.setProperty("faint", True)
        self.rate_hint.setWordWrap(True)
        self.rate_hint.hide()
        self.goal_note = QLabel()  # the rate the last plan applied, in the nutrition agent's words
        self.goal_note.setProperty("faint", True)
        self.goal_note.setWordWrap(True)
        self.goal_note.hide()
        rate_box_layout.addWidget(self.rate)
        rate_box_layout.addWidget(self.rate_hint)
        rate_box_layout.addWidget(self.goal_note)

        self.activity = self._combo("Activity level", (("", "Not set"), *choices.activity_levels))
        self.diet = self._combo("Diet", choices.diets)

        self.allergies = ChipRow(columns=3)
        for key, text in choices.allergies:
            self.allergies.add_chip(key, text, checkable=True, tooltip=f"Allergic to {text.lower()}")
        self.allergies.changed.connect(self._on_edit)

        dislike_box = QWidget()
        dislike_layout = QVBoxLayout(dislike_box)
        dislike_layout.setContentsMargins(0, 0, 0, 0)
        dislike_layout.setSpacing(SPACING - 2)
        self.dislike_input = QLineEdit()
        self.dislike_input.setPlaceholderText("Add a food you dislike, then Enter")
        self.dislike_input.setAccessibleName("Add a disliked food")
        self.dislike_input.setToolTip(
            "Type an ingredient (completion lists Larder's ingredients), then Enter"
        )
        completer = QCompleter(QStringListModel(sorted(set(ingredient_names))), self.dislike_input)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.dislike_input.setCompleter(completer)
        self.dislike_input.returnPressed.connect(self._on_add_dislike)
        self.dislike_chips = ChipRow(columns=3)
        dislike_layout.addWidget(self.dislike_input)
        dislike_layout.addWidget(self.dislike_chips)

        for label, field in (
            ("Sex", self.sex),
            ("Born", self.birth),
            ("Height", self.height_stack),
            ("Weight", self.weight),
            ("Goal", goal_row),
            ("Rate", rate_box),
            ("Activity", self.activity),
            ("Diet", self.diet),
            ("Allergies", self.allergies),
            ("Dislikes", dislike_box),
        ):
            name = QLabel(label)
            name.setProperty("muted", True)
            name.setBuddy(field)
            form.addRow(name, field)
        outer.addLayout(form)
        self.origin = QLabel()
        self.origin.setProperty("faint", True)
        self.origin.setWordWrap(True)
        self.error = QLabel()
        self.error.setProperty("danger", True)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Profile problems")
        self.error.hide()
        outer.addWidget(self.origin)
        outer.addWidget(self.error)

    # --- building -----------------------------------------------------------------------------------

    def _combo(self, name: str, items: Sequence[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for key, text in items:
            combo.addItem(text, key)
        combo.currentIndexChanged.connect(self._on_edit)
        return combo

    def _spin(self, name: str, suffix: str, low: float, high: float, decimals: int) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(decimals)
        spin.setSuffix(suffix)
        spin.setSpecialValueText("Not set")  # shown at the minimum, 0
        spin.setAccessibleName(name)
        spin.setKeyboardTracking(True)
        return spin

    # --- loading ------------------------------------------------------------------------------------

    def set_profile(self, profile: ProfileView, units: str) -> None:
        """Show the stored profile (what a Save compares against) in `units`."""
        self._stored = profile
        self.loaded = True
        self._height_cm = profile.height_cm
        self._weight_kg = profile.weight_kg
        self._rate_kg = profile.goal_rate_kg_per_week
        self._dislikes = list(profile.dislikes)
        self._loading = True
        try:
            self.sex.setCurrentIndex(max(0, self.sex.findData(profile.sex or "")))
            born = profile.birth_date
            self.birth.setDate(QDate(born.year, born.month, born.day) if born else NO_DATE)
            self.goal_group.setExclusive(False)
            for key, button in self.goal_buttons.items():
                button.setChecked(key == profile.goal)
            self.goal_group.setExclusive(True)
            self.activity.setCurrentIndex(max(0, self.activity.findData(profile.activity_level or "")))
            self.diet.setCurrentIndex(max(0, self.diet.findData(profile.diet or "none")))
            for key, chip in self.allergies.chips.items():
                chip.setChecked(key in profile.allergies)
            self._show_dislikes()
        finally:
            self._loading = False
        self.set_units(units)
        imported = [
            FIELD_NAMES.get(name, name.replace("_", " "))
            for name, _ in profile.imported
            if name not in profile.user_set and getattr(profile, name, None) is not None
        ]
        self.origin.setText(
            f"From your wearable export: {', '.join(imported)}. What you set here wins over imports."
            if imported
            else "What you set here wins over values found in wearable exports."
        )
        self.error.hide()

    def set_units(self, units: str) -> None:
        """Show height and weight in metric or US units; the values themselves do not change."""
        self.units = units
        self._loading = True
        try:
            self.height_stack.setCurrentIndex(1 if units == "us" else 0)
            if units == "us":
                feet, inches = cm_to_ft_in(self._height_cm) if self._height_cm is not None else (0, 0.0)
                self.height_ft.setValue(feet)
                self.height_in.setValue(inches)
                self.weight.setSuffix(" lb")
                self.weight.setMaximum(2200)
                self.weight.setValue(kg_to_lb(self._weight_kg) if self._weight_kg is not None else 0)
                self.rate.setSuffix(" lb/wk")
                self.rate.setMaximum(RATE_MAX_LB)
                self.rate.setSingleStep(0.1)
                self.rate.setValue(kg_to_lb(self._rate_kg) if self._rate_kg is not None else 0)
            else:
                self.height_cm.setValue(self._height_cm or 0)
                self.weight.setSuffix(" kg")
                self.weight.setMaximum(999)
                self.weight.setValue(self._weight_kg or 0)
                self.rate.setSuffix(" kg/wk")
                self.rate.setMaximum(RATE_MAX_KG)
                self.rate.setSingleStep(0.05)
                self.rate.setValue(self._rate_kg or 0)
        finally:
            self._loading = False
        self._show_rate_state()

    def _show_rate_state(self) -> None:
        """The rate box is live only for lose/gain; its hint says the default and the safe ceiling."""
        bounds = Larder.goal_rate_bounds(self.goal(), self._weight_kg)
        self.rate.setEnabled(bounds is not None)
        if bounds is None:
            self.rate.setSpecialValueText("Lose or gain only")
            self.rate.setToolTip("How fast to lose or gain: choose Lose or Gain first")
            self.rate_hint.hide()
            return
        verb = "lose" if bounds.goal == "lose" else "gain"
        default = format_rate(bounds.default_kg_per_week, self.units)
        safest = format_rate(bounds.max_kg_per_week, self.units)
        self.rate.setSpecialValueText(f"Default: about {default}")
        self.rate.setToolTip(
            f"How fast to {verb}, per week (at 0: the default, about {default}). "
            f"Safe: at most {safest} ({bounds.max_why})."
        )
        self.rate_hint.setText(f"Safe to {verb}: at most {safest}.")
        self.rate_hint.show()

    def _show_dislikes(self) -> None:
        self.dislike_chips.clear()
        for value in self._dislikes:
            chip = self.dislike_chips.add_chip(
                value,
                f"{_dislike_label(value)}  ×",
                checkable=False,
                tooltip=f"Remove {_dislike_label(value)}",
            )
            chip.clicked.connect(self._on_remove_dislike)
        self.dislike_chips.setVisible(bool(self._dislikes))

    # --- reading ------------------------------------------------------------------------------------

    @property
    def height_value_cm(self) -> float | None:
        return self._height_cm

    @property
    def weight_value_kg(self) -> float | None:
        return self._weight_kg

    def birth_date(self) -> date | None:
        shown = self.birth.date()
        return None if shown == NO_DATE else date(shown.year(), shown.month(), shown.day())

    def goal(self) -> str | None:
        return next((key for key, b in self.goal_buttons.items() if b.isChecked()), None)

    @property
    def rate_value_kg(self) -> float | None:
        return self._rate_kg

    def changes(self, today: date | None = None) -> ProfileChanges:
        """What the user changed, checked; FormError (one line per problem) when something is wrong."""
        today = today or date.today()
        stored, problems = self._stored, []
        low_h, high_h = self.choices.height_cm
        low_w, high_w = self.choices.weight_kg
        height, weight = self._height_cm, self._weight_kg
        if height is not None and not (math.isfinite(height) and low_h <= height <= high_h):
            problems.append(
                f"Height {format_height(height, self.units)} is outside "
                f"{format_height(low_h, self.units)} to {format_height(high_h, self.units)}."
            )
        if height is None and stored.height_cm is not None:
            problems.append("Height cannot be removed; type your height.")
        if weight is not None and not (math.isfinite(weight) and low_w <= weight <= high_w):
            problems.append(
                f"Weight {format_weight(weight, self.units)} is outside "
                f"{format_weight(low_w, self.units)} to {format_weight(high_w, self.units)}."
            )
        if weight is None and stored.weight_kg is not None:
            problems.append("Weight cannot be removed; type your weight.")
        born = self.birth_date()
        if born is not None and (born > today or today.year - born.year > 120):
            problems.append(f"Birth date {born:%d %b %Y} is not plausible.")
        if born is None and stored.birth_date is not None:
            problems.append("Birth date cannot be removed; pick your birth date.")
        goal = self.goal()
        bounds = Larder.goal_rate_bounds(goal, weight)
        rate = self._rate_kg if bounds is not None else None
        # The pre-check uses the form's weight; update_profile checks again with the weight the plan
        # will use (weigh-ins beat an imported weight) and its refusal is shown the same way.
        if bounds is not None and rate is not None and rate > bounds.max_kg_per_week + SAME:
            problems.append(
                f"Rate {format_rate(rate, self.units)} is faster than is safe to {bounds.goal}: at most "
                f"{format_rate(bounds.max_kg_per_week, self.units)} ({bounds.max_why})."
            )
        if problems:
            raise FormError("\n".join(problems))
        sex = self.sex.currentData() or None
        activity = self.activity.currentData() or None
        diet = self.diet.currentData()
        goal_changed = goal != stored.goal
        rate_changed = rate is not None and (
            goal_changed or _changed(rate, stored.goal_rate_kg_per_week, 4) is not None
        )
        allergies = self.allergies.checked()
        return ProfileChanges(
            sex=sex if sex != stored.sex else None,
            birth_date=born.isoformat() if born is not None and born != stored.birth_date else None,
            height_cm=_changed(height, stored.height_cm, 2),
            weight_kg=_changed(weight, stored.weight_kg, 3),
            goal=goal if goal != stored.goal else None,
            activity_level=activity if activity != stored.activity_level else None,
            diet=diet if diet != (stored.diet or "none") else None,
            add_allergies=tuple(sorted(allergies - set(stored.allergies))),
            remove_allergies=tuple(sorted(set(stored.allergies) - allergies)),
            add_dislikes=tuple(d for d in self._dislikes if d not in stored.dislikes),
            remove_dislikes=tuple(d for d in stored.dislikes if d not in self._dislikes),
            goal_rate_kg_per_week=round(rate, 4) if rate is not None and rate_changed else None,
            # A new goal drops the stored rate by itself; the same goal needs asking.
            clear_goal_rate=bounds is not None
            and rate is None
            and stored.goal_rate_kg_per_week is not None
            and not goal_changed,
        )

    def is_dirty(self) -> bool:
        try:
            return not self.changes().is_empty()
        except FormError:
            return True  # a broken value is an edit too: Save shows what is wrong

    def set_goal_note(self, text: str, detail: str = "") -> None:
        """The pace the last plan applied; `detail` (its arithmetic) is the tooltip."""
        self.goal_note.setText(text)
        self.goal_note.setToolTip(detail)
        self.goal_note.setVisible(bool(text))

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # --- edits --------------------------------------------------------------------------------------

    @Slot()
    def _on_edit(self) -> None:
        if not self._loading:
            self.error.hide()
            self.edited.emit()

    @Slot(QAbstractButton, bool)
    def _on_goal_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if not self._loading and checked:
            # A pace chosen for one goal means nothing for another (the store drops it too); back on
            # the stored goal, its stored pace returns.
            self._rate_kg = self._stored.goal_rate_kg_per_week if self.goal() == self._stored.goal else None
            with QSignalBlocker(self.rate):
                self.rate.setValue(0 if self._rate_kg is None else self._shown_rate(self._rate_kg))
        self._show_rate_state()
        self._on_edit()

    def _shown_rate(self, kg: float) -> float:
        return kg_to_lb(kg) if self.units == "us" else kg

    @Slot(float)
    def _on_rate(self, value: float) -> None:
        if not self._loading:
            self._rate_kg = (lb_to_kg(value) if self.units == "us" else value) or None
            self._on_edit()

    @Slot(float)
    def _on_height_metric(self, value: float) -> None:
        if not self._loading:
            self._height_cm = value or None
            self._on_edit()

    @Slot()
    def _on_height_us(self) -> None:
        if not self._loading:
            feet, inches = self.height_ft.value(), self.height_in.value()
            self._height_cm = ft_in_to_cm(feet, inches) if feet or inches else None
            self._on_edit()

    @Slot(float)
    def _on_weight(self, value: float) -> None:
        if not self._loading:
            self._weight_kg = (lb_to_kg(value) if self.units == "us" else value) or None
            self._show_rate_state()  # the safe ceiling follows the weight (1 % a week to lose)
            self._on_edit()

    @Slot()
    def _on_add_dislike(self) -> None:
        text = " ".join(self.dislike_input.text().split())
        if text and text.lower() not in {d.lower() for d in self._dislikes}:
            self._dislikes.append(text)
            self._show_dislikes()
            self._on_edit()
        self.dislike_input.clear()

    @Slot()
    def _on_remove_dislike(self) -> None:
        chip = self.sender()
        key = next((k for k, c in self.dislike_chips.chips.items() if c is chip), None)
        if key is not None:
            self._dislikes.remove(key)
            with QSignalBlocker(self.dislike_chips):
                self._show_dislikes()
            self._on_edit()
