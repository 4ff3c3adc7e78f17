"""Runs the demo's stories through the real 接诉即办 actions, in time order (demo data only)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.appeals import actions
from shegong.appeals.demo import texts
from shegong.appeals.demo.backdate import Backdater
from shegong.appeals.demo.reference import City
from shegong.appeals.demo.stories import Step, Story
from shegong.cases.models import Case


class Runner:
    """Runs the planned steps of all stories in time order through the real actions."""

    def __init__(self, city: City, stories: list[Story]) -> None:
        self.city = city
        self.stories = {s.index: s for s in stories}
        self.backdater = Backdater()

    def run(self) -> None:
        steps = sorted(
            (
                (step.at, story.index, n, step)
                for story in self.stories.values()
                for n, step in enumerate(story.steps)
            ),
            key=lambda item: item[:3],
        )
        for _, index, _, step in steps:
            self.run_step(self.stories[index], step)
        self.backdater.apply()

    def run_step(self, story: Story, step: Step) -> None:
        mark = timezone.now()
        if step.verb == "submit":
            self.submit(story)
        else:
            case = Case.objects.select_related("lead_unit").get(pk=story.pk)
            getattr(self, f"do_{step.verb}")(story, case, **step.args)
        self.backdater.record(story.pk, mark, step.at)
        if step.verb == "submit":
            self.renumber(story, step.at)

    def submit(self, story: Story) -> None:
        result = actions.do_submit_appeal(
            story.intake, actor=story.submitter, client_token=story.token
        )
        story.case_id = result.case.pk

    def renumber(self, story: Story, at: datetime) -> None:
        """The public number carries the date the appeal came in (demo data: planned date)."""
        day = timezone.localtime(at).strftime("%Y%m%d")
        number = f"SQ{day}{story.index:03d}{random.Random(story.index).randrange(1000):03d}"
        Case.objects.filter(pk=story.pk).update(number=number)

    def dispatcher(self, story: Story) -> User:
        return self.city.centre(story.county, RoleCode.DISPATCHER)

    def unit_named(self, story: Story, case: Case, key: str) -> OrgUnit:
        if key == "village":
            return OrgUnit.objects.get(kind=UnitKind.VILLAGE, region_code=case.region_code)
        if key == "township":
            return self.city.townships[case.region_code[:9].ljust(12, "0")]
        return self.city.departments[key]

    def lead(self, case: Case) -> User:
        assert case.lead_unit is not None
        return self.city.handler(case.lead_unit)

    def do_dispatch(self, story: Story, case: Case, unit: str = "", co: Iterable[str] = ()) -> None:
        chosen = self.unit_named(story, case, unit) if unit else None
        co_units = [self.unit_named(story, case, name) for name in co]
        actions.do_dispatch(case, actor=self.dispatcher(story), unit=chosen, co_units=co_units)

    def do_accept(self, story: Story, case: Case) -> None:
        actions.do_accept(case, actor=self.lead(case))

    def do_object(self, story: Story, case: Case, reason: str = "") -> None:
        actions.do_object(case, actor=self.lead(case), reason=reason or texts.OBJECTIONS[0])

    def do_review(self, story: Story, case: Case, upheld: bool, new_unit: str) -> None:
        unit = self.unit_named(story, case, new_unit) if upheld else None
        note = "同意改派属地街道办理。" if upheld else "经核实属于本单位职责，请继续办理。"
        actions.do_review_objection(
            case, actor=self.dispatcher(story), upheld=upheld, note=note, new_unit=unit
        )

    def do_extend(self, story: Story, case: Case, reason: str, explanation: str) -> None:
        actions.do_extend(
            case, actor=self.lead(case), reason=reason, explanation=explanation, days=5
        )

    def do_whistle(self, story: Story, case: Case, units: list[str]) -> None:
        summoned = [self.city.departments[name] for name in units]
        actions.do_whistle(case, actor=self.lead(case), units=summoned, note="")

    def do_report_in(self, story: Story, case: Case, unit: str) -> None:
        actor = self.city.handler(self.city.departments[unit])
        actions.do_report_in(case, actor=actor, note="已派员到现场核查，配合主办单位处置。")

    def do_reply(self, story: Story, case: Case, text: str) -> None:
        actions.do_reply(case, actor=self.lead(case), reply=text or "已处理完毕。")

    def do_follow_up(self, story: Story, case: Case, rating: str, resolved: bool) -> None:
        note = texts.FOLLOW_UP_NOTES[rating]
        actions.do_follow_up(
            case, actor=self.dispatcher(story), rating=rating, resolved=resolved, note=note
        )

    def do_rate(self, story: Story, case: Case, rating: str, resolved: bool) -> None:
        assert story.submitter is not None
        actions.do_rate(case, actor=story.submitter, rating=rating, resolved=resolved)

    def do_triage(self, story: Story, case: Case, outcome: str, note: str) -> None:
        actions.do_triage(case, actor=self.dispatcher(story), outcome=outcome, note=note)

    def do_answer(self, story: Story, case: Case, text: str) -> None:
        actions.do_answer(case, actor=self.dispatcher(story), reply=text)

    def do_merge(self, story: Story, case: Case, into: int) -> None:
        target = Case.objects.get(pk=self.stories[into].pk)
        actions.do_merge(case, actor=self.dispatcher(story), into=target)

    def do_supervise(self, story: Story, case: Case, note: str) -> None:
        actions.do_supervise(
            case, actor=self.city.centre(story.county, RoleCode.SUPERVISOR), note=note
        )
