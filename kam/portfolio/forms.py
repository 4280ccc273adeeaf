"""Forms of the portfolio pages; they validate input, the services write."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kam.accounts.choices import Tier
from kam.accounts.forms import account_owner_choices
from kam.portfolio.analysis import RELATIONSHIP_PARTS
from kam.portfolio.choices import RATED_CRITERIA, Basis, Criterion, Level, NominationDecision, RunKind
from kam.portfolio.models import PortfolioRun, PortfolioSettings
from kam.users.models import User

SCORE_CHOICES = [("", _("not rated")), *((str(n), str(n)) for n in range(6))]


class RunChoiceForm(forms.Form):
    """Which stored analysis a page shows: basis, level and the current run or a yearly snapshot."""

    basis = forms.ChoiceField(label=_("Basis"), choices=Basis.choices, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, required=False)
    snapshot = forms.ChoiceField(label=_("Analysis"), required=False)

    def __init__(self, data: Mapping[str, Any] | None, *, labels: Sequence[str], with_snapshot: bool = True) -> None:
        super().__init__(data)
        field = self.fields["snapshot"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Current (last 12 months)")), *((label, _("Snapshot %s") % label) for label in labels)]
        if not with_snapshot:
            del self.fields["snapshot"]

    def chosen(self, default_basis: str, default_level: str) -> tuple[str, str, str]:
        """Basis, level and snapshot label ('' for the current run); invalid values give the defaults."""
        valid = self.is_valid()
        data = self.cleaned_data if valid else {}
        if not valid:  # keep what is valid of the rest
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return (
            data.get("basis") or default_basis,
            data.get("level") or default_level,
            data.get("snapshot") or "",
        )


def owner_queryset() -> QuerySet[User]:
    """Who may be assigned as owner: active key account managers and heads of KAM (label columns only)."""
    return account_owner_choices().only("pk", "first_name", "last_name", "username")


def owner_options() -> list[tuple[Any, str]]:
    """The owner select's options, read once for all decision forms of a page (``fast_select``)."""
    return [("", str(_("keep as is"))), *((user.pk, str(user)) for user in owner_queryset())]


class NominationForm(forms.Form):
    """The head of KAM's decision on a candidate: nominate to a tier (and owner) or decline."""

    decision = forms.ChoiceField(choices=NominationDecision.choices, widget=forms.HiddenInput)
    proposed_tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    owner = forms.ModelChoiceField(
        label=_("Key account manager"), queryset=User.objects.none(), required=False, empty_label=_("keep as is")
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = owner_queryset()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == NominationDecision.DECLINED and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why the candidate is declined."))
        return data


class RatingForm(forms.Form):
    """Scores 0–5 with a comment for each rated strategic criterion; empty leaves a criterion unrated."""

    def __init__(self, *args: Any, current: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = current or {}
        for criterion in RATED_CRITERIA:
            rating = current.get(criterion.value)
            self.fields[f"{criterion.value}_score"] = forms.ChoiceField(
                label=criterion.label, choices=SCORE_CHOICES, required=False
            )
            self.fields[f"{criterion.value}_comment"] = forms.CharField(
                label=_("Comment"), required=False, max_length=500
            )
            if rating is not None:
                self.initial[f"{criterion.value}_score"] = str(rating.score)
                self.initial[f"{criterion.value}_comment"] = rating.comment

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for criterion in RATED_CRITERIA:
            if data.get(f"{criterion.value}_comment", "").strip() and data.get(f"{criterion.value}_score") in (
                "",
                None,
            ):
                self.add_error(f"{criterion.value}_score", _("Give a score with the comment."))
        return data

    def scores(self) -> list[tuple[str, int, str]]:
        """(criterion, score, comment) of every criterion given a score."""
        return [
            (c.value, int(self.cleaned_data[f"{c.value}_score"]), self.cleaned_data[f"{c.value}_comment"].strip())
            for c in RATED_CRITERIA
            if self.cleaned_data.get(f"{c.value}_score") not in ("", None)
        ]

    def criterion_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(score, comment) bound fields per rated criterion, in the order of the criteria."""
        return [(self[f"{c.value}_score"], self[f"{c.value}_comment"]) for c in RATED_CRITERIA]


# Groups of the settings form: (title, explanation, fields).
SETTINGS_GROUPS: list[tuple[Any, Any, list[str]]] = [
    (
        _("ABC and XYZ classes"),
        _("A holds the largest customers up to this share of the total; X and Y have steadier monthly revenue."),
        ["abc_a_percent", "abc_b_percent", "xyz_x_below", "xyz_y_below"],
    ),
    (_("Default view"), _("What the portfolio pages show first."), ["default_basis", "default_level"]),
    (
        _("Attractiveness: weights of the strategic criteria"),
        _("How much each criterion counts (0 leaves it out). The first two are computed, the others rated."),
        [f"weight_{c.value}" for c in Criterion],
    ),
    (
        _("Relationship strength: weights of its components"),
        _("How much each component counts (0 leaves it out). Components without data do not count."),
        [f"weight_{part}" for part in RELATIONSHIP_PARTS],
    ),
    (
        _("Contact recency"),
        _("A contact counts fully for the first days, then less and less, and not at all after the second number."),
        ["recency_full_days", "recency_zero_days"],
    ),
    (
        _("Portfolio matrix"),
        _(
            "Where the matrix splits each axis (0–100) into low and high. A tier is proposed for demotion only "
            "when the account is below a split by more than the margin."
        ),
        ["attractiveness_split", "relationship_split", "demotion_margin"],
    ),
]
ATTRACTIVENESS_WEIGHTS = SETTINGS_GROUPS[2][2]
RELATIONSHIP_WEIGHTS = SETTINGS_GROUPS[3][2]
RELATIONSHIP_PART_LABELS = {
    "share_of_wallet": _("Share of wallet"),
    "coverage": _("Buying-centre coverage"),
    "recency": _("Contact recency"),
    "nps": _("NPS"),
}


class PortfolioSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    """Thresholds, weights and splits of the portfolio analysis (administrators)."""

    class Meta:
        model = PortfolioSettings
        fields = [name for _title, _text, names in SETTINGS_GROUPS for name in names]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].col = "col-sm-6 col-lg-3"  # type: ignore[attr-defined]
        # Within their group the weights are named by what they weigh.
        for criterion in Criterion:
            self.fields[f"weight_{criterion.value}"].label = criterion.label
        for part, label in RELATIONSHIP_PART_LABELS.items():
            self.fields[f"weight_{part}"].label = label

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pairs = [
            ("abc_a_percent", "abc_b_percent", _("Must be above the A class threshold.")),
            ("xyz_x_below", "xyz_y_below", _("Must be above the X class threshold.")),
            ("recency_full_days", "recency_zero_days", _("Must be more days than the full-credit period.")),
        ]
        for low, high, message in pairs:
            if data.get(low) is not None and data.get(high) is not None and data[low] >= data[high]:
                self.add_error(high, message)
        for group in (ATTRACTIVENESS_WEIGHTS, RELATIONSHIP_WEIGHTS):
            if all(data.get(name) == 0 for name in group):
                self.add_error(group[0], _("At least one weight of this group must be above 0."))
        return data

    def groups(self) -> list[tuple[Any, Any, list[forms.BoundField]]]:
        """The fields in their groups with the group's explanation, for the template."""
        return [(title, text, [self[name] for name in names]) for title, text, names in SETTINGS_GROUPS]


class SnapshotForm(forms.Form):
    """The calendar year of a yearly snapshot (up to the current year)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = datetime.date.today().year
        year = self.fields["year"]
        year.validators.append(MaxValueValidator(this_year))
        year.widget.attrs["max"] = this_year
        self.initial.setdefault("year", this_year - 1)


def run_label(run: PortfolioRun) -> str:
    """A stored analysis as people name it: "Snapshot 2025 · Net revenue · Corporate group"."""
    if run.kind == RunKind.SNAPSHOT:
        name = _("Snapshot %(label)s") % {"label": run.label}
    else:
        name = _("Current, to %(end)s") % {"end": date_format(run.period_end, "SHORT_DATE_FORMAT")}
    return f"{name} · {run.get_basis_display()} · {run.get_level_display()}"


class RunChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A select of stored analyses with readable labels."""

    def label_from_instance(self, obj: Any) -> str:
        return run_label(obj)


class CompareForm(forms.Form):
    """Two stored analyses to compare: the older and the newer."""

    old = RunChoiceField(label=_("Compare"), queryset=PortfolioRun.objects.none())
    new = RunChoiceField(label=_("with"), queryset=PortfolioRun.objects.none())

    def __init__(self, *args: Any, runs: QuerySet[PortfolioRun], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = runs
