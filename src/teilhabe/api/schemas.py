"""What the API returns and accepts. Inputs forbid unknown fields; nothing personal about
refugees exists to be returned (counts and household sizes only)."""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, field_validator

from teilhabe.core import parsing


def _within_bounds(value: datetime.date) -> datetime.date:
    if not parsing.MIN_DATE <= value <= parsing.MAX_DATE:
        raise ValueError(f"must lie between {parsing.MIN_DATE} and {parsing.MAX_DATE}")
    return value


# A date the code can compute with (see core/parsing.py for the bounds and why).
Day = Annotated[datetime.date, AfterValidator(_within_bounds)]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return parsing.has_nul(value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class NulFree(Schema):
    """Refuses text with NUL characters, which PostgreSQL cannot store or compare (422)."""

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("text must not contain NUL characters")
        return value


class Input(NulFree):
    model_config = ConfigDict(extra="forbid")


class DistrictOut(Schema):
    ags: str
    name: str
    population_date: datetime.date | None


class MunicipalityOut(Schema):
    ars: str
    ags: str
    name: str
    kind: str
    district: str = Field(..., description="AGS of the district")
    area_km2: Decimal | None
    seat_name: str
    website: str


class PopulationOut(Schema):
    reference_date: datetime.date
    population: int
    source: str


class FieldOfActionOut(Schema):
    id: int
    key: str
    name: str


class ActivityOut(Schema):
    id: int
    title: str
    municipality: str | None = Field(None, description="ARS; null for the whole district")
    field_of_action: str = Field(..., description="key of the field of action")
    status: str
    provider_kind: str
    provider_name: str
    volunteers: int | None
    reach: int | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    public: bool
    version: int


class ActivityIn(Input):
    title: str = Field(..., min_length=1, max_length=200)
    municipality: str | None = Field(None, description="ARS; omit for the whole district")
    field_of_action: str = Field(..., description="key of the field of action")
    status: str = "active"
    provider_kind: str = "other"
    provider_name: str = Field("", max_length=200)
    volunteers: int | None = Field(None, ge=0, le=100000)
    reach: int | None = Field(None, ge=0, le=10000000)
    start_date: Day | None = None
    end_date: Day | None = None
    public: bool = False


class ActivityPatch(Input):
    title: str | None = Field(None, min_length=1, max_length=200)
    status: str | None = None
    provider_name: str | None = Field(None, max_length=200)
    volunteers: int | None = Field(None, ge=0, le=100000)
    reach: int | None = Field(None, ge=0, le=10000000)
    start_date: Day | None = None
    end_date: Day | None = None
    public: bool | None = None
    version: int | None = Field(None, ge=1, description="the version you read; or send If-Match")


class HistoryOut(Schema):
    date: datetime.datetime
    kind: str = Field(..., description="created, changed or deleted")
    status: str
    title: str
    version: int


class QuestionnaireOut(Schema):
    id: int
    title: str
    versions: int
    questions: int


class WaveOut(Schema):
    id: int
    name: str
    questionnaire: int
    version: int
    opens: datetime.date
    closes: datetime.date
    invited: int
    submitted: int


class ResponseOut(Schema):
    municipality: str = Field(..., description="ARS")
    status: str
    submitted_at: datetime.datetime | None
    answers: dict[str, object]


class PeriodOut(Schema):
    id: int
    name: str
    start: datetime.date
    end: datetime.date
    quota: int
    method: str
    closed: bool


class QuotaOut(Schema):
    municipality: str = Field(..., description="ARS")
    population: int
    quota: str = Field(..., description="exact proportional share, decimal point")
    new: int
    carried: int
    credited: int
    target: int
    arrived: int
    remaining: int
    free_places: int | None


class ArrivalOut(Schema):
    id: int
    municipality: str
    date: datetime.date
    persons: int
    households: int
    kind: str
    counts_toward_quota: bool


class ArrivalIn(Input):
    date: Day
    persons: int = Field(..., ge=1, le=10000)
    households: int = Field(..., ge=1, le=10000)
    kind: str = "asylum"
    counts_toward_quota: bool = True


class CapacityOut(Schema):
    municipality: str
    date: datetime.date
    housing_total: int
    housing_occupied: int
    staff_fte: Decimal | None


class CapacityIn(Input):
    date: Day
    housing_total: int = Field(..., ge=0, le=100000)
    housing_occupied: int = Field(..., ge=0, le=100000)
    staff_fte: Decimal | None = Field(None, ge=0, le=1000, max_digits=6, decimal_places=2)


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    municipality: str | None


class ContactOut(Schema):
    id: int
    name: str
    role: str
    organisation: str | None
    municipality: str | None
    designated: bool
    email: str | None = Field(None, description="only for coordinators and municipal editors")
    phone: str | None = Field(None, description="only for coordinators and municipal editors")


class EventOut(Schema):
    id: int
    kind: str
    title: str
    date: datetime.date
    start_time: datetime.time | None
    end_time: datetime.time | None
    place: str
    cancelled: bool
    invited: int
    attending: int
    municipalities_represented: list[str]


class MeasureOut(Schema):
    id: int
    title: str
    responsible: str
    due: datetime.date | None
    status: str
    progress: int
    overdue: bool
    municipalities: list[str]


class PriorityOut(Schema):
    id: int
    title: str
    field_of_action: str | None
    adopted_on: datetime.date
    measures: list[MeasureOut]


class TandemOut(Schema):
    id: int
    giver: str = Field(..., description="ARS of the helping municipality")
    receiver: str = Field(..., description="ARS of the receiving municipality")
    field_of_action: str
    status: str
    outcome_activity: int | None


class TokenInfo(Schema):
    user: str
    districts: list[str]


class ReportOut(Schema):
    id: int
    committee: str | None
    meeting_date: datetime.date | None
    since: datetime.date
    until: datetime.date
    status: str = Field(..., description="draft or issued")
    issued_at: datetime.datetime | None
    pdf: str | None = Field(None, description="URL of the PDF once generated")
    annex: str = Field(..., description="URL of the XLSX annex")
