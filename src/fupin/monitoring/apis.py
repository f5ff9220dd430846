"""/api/monitoring/cases/: the monitoring cases of the caller's regions, and the writes of
the case pages through the same services: POST reports a case, {id}/steps/ records the next
step, {id}/measures/ adds a measure, {id}/eliminate/ starts risk elimination (a refusal is
recorded and answered with the failed conditions), {id}/objections/ raises an objection to
one of the case's notices and {id}/objections/{objection}/resolve/ resolves it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.assistance import access as assistance_access
from fupin.assistance.apis.common import ID, MAX_ID, MoneyField
from fupin.core.errors import InvalidInput, NotAllowed, NotFound
from fupin.core.messages import translated
from fupin.core.models import Source
from fupin.monitoring import access, case_selectors, cases, procedure
from fupin.monitoring.enums import Channel, Phase, ReportWay, StepResult
from fupin.monitoring.models import Case, Measure, Notice, Objection, Step
from fupin.registry import access as registry_access

FILTERS = [
    OpenApiParameter("phase", str, enum=Phase.values),
    OpenApiParameter("object_type", str, description="a code of the scheme (unstable_exited …)"),
    OpenApiParameter("next_step", str, description="a step code (home_visit …)"),
    OpenApiParameter("village", str, description="a region code: the cases of villages under it"),
    OpenApiParameter("overdue", bool, description="true: identification past its due date"),
]


class _IdField(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class StepSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", read_only=True, default="")
    attachment = serializers.SerializerMethodField()

    class Meta:
        model = Step
        fields = [
            "id", "procedure", "round", "code", "done_on", "actor", "result", "note",
            "attachment", "late",
        ]  # fmt: skip

    def get_attachment(self, step: Step) -> str | None:
        """The download path of the step's attachment (a page, for a logged-in user)."""
        if not step.attachment:
            return None
        return f"/monitoring/cases/{step.case_id}/steps/{step.pk}/attachment"


class ObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = ["id", "notice", "text", "raised_on", "resolved_on", "resolution"]


class NoticeSerializer(serializers.ModelSerializer):
    end_on = serializers.DateField(read_only=True)
    objections = ObjectionSerializer(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id", "kind", "procedure", "title", "start_on", "min_days", "end_on", "objections",
        ]  # fmt: skip


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = [
            "id", "category", "content", "start_on", "end_on", "responsible", "cadre", "unit",
            "ledger_entry", "project", "amount",
        ]  # fmt: skip


class CaseSerializer(serializers.ModelSerializer):
    household = serializers.CharField(source="household.number")
    village = serializers.CharField(source="village_id")
    due_on = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id", "household", "village", "regime", "year", "object_type", "risks", "channel",
            "report_way", "fast_track", "phase", "next_step", "reported_on", "identified_on",
            "eliminated_on", "due_on", "overdue", "version",
        ]  # fmt: skip

    def _working_days(self, case: Case) -> int:
        return cases.case_scheme(case).working_days

    def get_due_on(self, case: Case) -> Any:
        """The day identification is due (20 working days after the report)."""
        return procedure.due_on(case.reported_on, self._working_days(case)).isoformat()

    def get_overdue(self, case: Case) -> bool:
        return procedure.overdue(
            phase=case.phase,
            reported_on=case.reported_on,
            working_days=self._working_days(case),
            today=timezone.localdate(),
        )


class CaseDetailSerializer(CaseSerializer):
    steps = StepSerializer(many=True, read_only=True)
    notices = NoticeSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "summary", "steps", "notices", "measures"]


class CaseReportSerializer(serializers.Serializer):
    household = serializers.CharField(max_length=40, help_text="户编号")
    channel = serializers.ChoiceField(choices=[c for c in Channel.values if c != "imported"])
    report_way = serializers.ChoiceField(
        choices=ReportWay.values, required=False, allow_blank=True, default=""
    )
    object_type = serializers.CharField(max_length=40)
    risks = serializers.ListField(child=serializers.CharField(max_length=60), max_length=20)
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    reported_on = serializers.DateField()
    fast_track = serializers.BooleanField(required=False, default=False)
    feed_row = _IdField(required=False, allow_null=True, default=None)


class StepWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="the step due (home_visit …)")
    done_on = serializers.DateField()
    result = serializers.ChoiceField(choices=StepResult.values, default=StepResult.PASSED)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class MeasureWriteSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=40)
    content = serializers.CharField(max_length=300)
    start_on = serializers.DateField()
    end_on = serializers.DateField(required=False, allow_null=True, default=None)
    responsible = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    cadre = _IdField(required=False, allow_null=True, default=None)
    unit = _IdField(required=False, allow_null=True, default=None)
    ledger_entry = _IdField(required=False, allow_null=True, default=None)
    project = _IdField(required=False, allow_null=True, default=None)
    amount = MoneyField(required=False, allow_null=True, default=None)


class EliminateSerializer(serializers.Serializer):
    done_on = serializers.DateField(help_text="the home visit that starts risk elimination")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ObjectionWriteSerializer(serializers.Serializer):
    notice = _IdField()
    text = serializers.CharField(max_length=4000)
    raised_on = serializers.DateField()


class ResolveSerializer(serializers.Serializer):
    resolved_on = serializers.DateField()
    resolution = serializers.CharField(max_length=4000)


def _on(field: str, exc: InvalidInput) -> ValidationError:
    return ValidationError({field: [translated(exc.message)]})


def _refusal(exc: cases.EliminationRefused, case: Case) -> Response:
    """A refused elimination: recorded on the case, answered with each failed condition."""
    body = {
        "code": exc.code,
        "message": translated(exc.message),
        "conditions": [{"code": f.code, "message": f.message} for f in exc.failures],
        "case": case.pk,
    }
    return Response({"error": body}, status=status.HTTP_400_BAD_REQUEST)


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Monitoring cases (监测对象) of the caller's regions: ?phase=, ?object_type=,
    ?next_step=, ?village= (a region code), ?overdue=true. Writes need a role that works on
    cases (county offices, township and village cadres, administrators) in the case's
    village, and a step the role its scheme lists."""

    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Case]:
        qs = access.cases_for(self.request.user).select_related("household")
        if self.action == "retrieve":
            return qs.prefetch_related("steps__actor", "notices__objections", "measures")
        if self.action != "list":
            return qs
        params = self.request.query_params
        village = params.get("village", "")
        if village and not (village.isascii() and village.isdigit() and len(village) <= 12):
            raise ValidationError({"village": [translated("not a 12-digit village code")]})
        overdue = params.get("overdue", "").lower()
        if overdue not in ("", "true", "false", "1", "0"):
            raise ValidationError({"overdue": ["true or false"]})
        filters = case_selectors.CaseFilters(
            phase=params.get("phase", "")[:40],
            object_type=params.get("object_type", "")[:40],
            next_step=params.get("next_step", "")[:40],
            overdue=overdue in ("true", "1"),
            region=village,
        )
        return case_selectors.case_list(cases=qs, filters=filters, today=timezone.localdate())

    def get_serializer_class(self) -> Any:
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def _writable(self) -> Case:
        case: Case = self.get_object()
        access.case_check_writable(self.request.user, case)
        return case

    def _shown(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            self.get_queryset()
            .prefetch_related("steps__actor", "notices__objections", "measures")
            .get(pk=case.pk)
        )
        return Response(CaseDetailSerializer(fresh).data, status=code)

    @extend_schema(request=CaseReportSerializer, responses={201: CaseDetailSerializer})
    def create(self, request: Request) -> Response:
        """Report a household at risk: it opens a case waiting for the home visit (monitored at
        once on the fast track). 409 when the household has an open case."""
        if not access.may_work_cases(request.user):
            raise NotAllowed("your role may not work on monitoring cases")
        data = CaseReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            household = registry_access.household_for(
                request.user, values.pop("household"), write=True
            )
        except NotFound as exc:
            raise _on("household", exc) from None
        feed_row = values.pop("feed_row")
        if feed_row is not None:
            found = access.feed_rows_for(request.user).filter(pk=feed_row).first()
            if found is None:
                raise ValidationError({"feed_row": [translated("none you may see has this id")]})
            feed_row = found
        try:
            case = cases.case_report(
                household=household,
                feed_row=feed_row,
                actor=request.user,
                source=Source.API,
                **values,
            )
        except cases.OpenCaseExists:
            raise
        except InvalidInput as exc:
            field = "risks" if "risk" in exc.message else "object_type"
            if "regime" in exc.message or "today" in exc.message:
                field = "reported_on"
            elif "way" in exc.message:
                field = "report_way"
            elif "department" in exc.message:
                field = "feed_row"
            raise _on(field, exc) from None
        return self._shown(case, status.HTTP_201_CREATED)

    @extend_schema(
        request=StepWriteSerializer,
        responses={201: CaseDetailSerializer, 400: None},
        description="Record the case's next step (multipart for the home visit's attachment).",
    )
    @action(detail=True, methods=["post"])
    def steps(self, request: Request, pk: str) -> Response:
        case = self._writable()
        data = StepWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            case = cases.step_record(
                case=case,
                upload=values.pop("attachment"),
                actor=request.user,
                source=Source.API,
                **values,
            )
        except cases.EliminationRefused as exc:
            return _refusal(exc, case)
        except InvalidInput as exc:
            raise _on("attachment" if "attachment" in exc.message else "code", exc) from None
        return self._shown(case, status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], request=None, responses=MeasureSerializer(many=True))
    @extend_schema(
        methods=["post"], request=MeasureWriteSerializer, responses={201: MeasureSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def measures(self, request: Request, pk: str) -> Response:
        """The case's measures; POST adds one (its unit, cadre, ledger entry and project are
        those the caller sees)."""
        if request.method == "GET":
            case = self.get_object()
            listed = case_selectors.case_measures(case)
            return Response(MeasureSerializer(listed, many=True).data)
        case = self._writable()
        data = MeasureWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = self._linked(dict(data.validated_data))
        try:
            measure = cases.measure_add(case=case, actor=request.user, source=Source.API, **values)
        except InvalidInput as exc:
            raise _on(_measure_field(exc.message), exc) from None
        return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)

    def _linked(self, values: dict[str, Any]) -> dict[str, Any]:
        user = self.request.user
        readers = {
            "cadre": assistance_access.cadres_for,
            "unit": assistance_access.units_for,
            "ledger_entry": assistance_access.entries_for,
            "project": assistance_access.projects_for,
        }
        for name, reader in readers.items():
            if values.get(name) is not None:
                found = reader(user).filter(pk=values[name]).first()
                if found is None:
                    raise ValidationError({name: [translated("none you may see has this id")]})
                values[name] = found
        return values

    @extend_schema(
        request=EliminateSerializer,
        responses={201: CaseDetailSerializer, 400: None},
        description="Start risk elimination. When a condition fails the attempt is recorded "
        "as a refused step and the answer (400, code elimination_refused) lists each failed "
        "condition with its reason in the reader's language.",
    )
    @action(detail=True, methods=["post"])
    def eliminate(self, request: Request, pk: str) -> Response:
        case = self._writable()
        data = EliminateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = cases.elimination_start(
                case=case, actor=request.user, source=Source.API, **data.validated_data
            )
        except cases.EliminationRefused as exc:
            return _refusal(exc, case)
        except InvalidInput as exc:
            raise _on("done_on", exc) from None
        return self._shown(case, status.HTTP_201_CREATED)

    @extend_schema(request=ObjectionWriteSerializer, responses={201: ObjectionSerializer})
    @action(detail=True, methods=["post"])
    def objections(self, request: Request, pk: str) -> Response:
        """Raise an objection to one of the case's notices."""
        case = self._writable()
        data = ObjectionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        notice = case.notices.filter(pk=values.pop("notice")).first()
        if notice is None:
            raise ValidationError({"notice": [translated("the case is not listed on this notice")]})
        try:
            objection = cases.objection_raise(
                notice=notice, case=case, actor=request.user, source=Source.API, **values
            )
        except InvalidInput as exc:
            raise _on("raised_on" if "dated" in exc.message else "text", exc) from None
        return Response(ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResolveSerializer, responses={200: ObjectionSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"objections/(?P<objection>{ID})/resolve",
        url_name="objection-resolve",
    )
    def resolve(self, request: Request, pk: str, objection: str) -> Response:
        """Resolve an objection to one of the case's notices."""
        case = self._writable()
        found = case.objections.filter(pk=int(objection)).first()
        if found is None:
            raise NotFound(f"no objection {objection}")
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            found = cases.objection_resolve(
                objection=found, actor=request.user, source=Source.API, **data.validated_data
            )
        except InvalidInput as exc:
            raise _on("resolved_on" if "dated" in exc.message else "resolution", exc) from None
        return Response(ObjectionSerializer(found).data)


def _measure_field(message: str) -> str:
    for word, field in (
        ("category", "category"),
        ("content", "content"),
        ("the end", "end_on"),
        ("ledger entry", "ledger_entry"),
        ("project", "project"),
        ("negative", "amount"),
    ):
        if word in message:
            return field
    return "non_field_errors"


__all__ = ["CaseViewSet"]
