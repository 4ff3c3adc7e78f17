"""The demo's appeals as stories: who brings what, where, and what happens to it, when
(demo data only)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from shegong.accounts.models import User
from shegong.appeals import models as appeal_models
from shegong.appeals.demo import texts
from shegong.appeals.demo.reference import CITY_RULES, COUNTY_WEIGHTS, City, short_name
from shegong.cases.actions import IntakeData
from shegong.cases.models import Category

TOKEN_PREFIX = "demo-appeal-"
SEED = 20260301
H, D = timedelta(hours=1), timedelta(days=1)
MARGIN = timedelta(minutes=10)  # the newest planned step lies at least this far in the past

QUALITY = {
    "揭阳市住房和城乡建设局": 0.72,
    "揭阳市城市管理和综合执法局": 0.62,
    "揭阳市生态环境局": 0.84,
    "揭阳市交通运输局": 0.7,
    "揭阳市教育局": 0.9,
    "揭阳市人力资源和社会保障局": 0.86,
    "揭阳市卫生健康局": 0.88,
    "揭阳市市场监督管理局": 0.78,
    "揭阳市公安局": 0.93,
}
COUNTY_CENTRES = {
    "445202": (23.545, 116.365),
    "445203": (23.567, 116.412),
    "445222": (23.431, 115.842),
    "445224": (23.033, 116.295),
    "445281": (23.297, 116.166),
}
# The fate of each appeal at "now", with its share of the demo (each at least one).
FATES: list[tuple[str, float]] = [
    ("closed", 0.54),
    ("closed_objection", 0.015),
    ("closed_answer", 0.02),
    ("replied", 0.06),
    ("processing", 0.07),
    ("processing_overdue", 0.035),
    ("processing_extended", 0.012),
    ("processing_whistle", 0.012),
    ("reopened", 0.02),
    ("dispatched", 0.03),
    ("dispatched_late", 0.013),
    ("objected", 0.017),
    ("received", 0.03),
    ("received_late", 0.01),
    ("diverted", 0.045),
    ("merged", 0.035),
]
CHANNELS = [("hotline", 40), ("web", 25), ("qr", 15), ("grid", 10), ("network", 10)]
CENTRE_HOURS, UNIT_HOURS = (8.0, 22.0), (8.5, 18.0)
HOURS = {
    **dict.fromkeys(("dispatch", "triage", "answer", "follow_up", "review", "merge"), CENTRE_HOURS),
    **dict.fromkeys(("accept", "reply", "object", "extend", "whistle", "report_in"), UNIT_HOURS),
    "supervise": UNIT_HOURS,
}
FORCED_RATINGS = [("satisfied", True), ("partly", True), ("unsatisfied", True)]
AFTER_REWORK = [("satisfied", True), ("partly", True), ("unsatisfied", True)]
# Stories whose state no longer depends on how long ago they happened.
SETTLED = frozenset({"closed", "closed_objection", "closed_answer", "diverted"})
MERGE_TARGETS = ("closed", "processing", "processing_overdue", "replied")
Source = texts.Matter | texts.Diversion | texts.Consultation


# ---------------------------------------------------------------- stories


@dataclass
class Step:
    at: datetime
    verb: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Story:
    """One demo appeal: what is brought, where, by whom, and what happens to it, when."""

    index: int
    fate: str
    county: str
    intake: IntakeData
    source: Source
    steps: list[Step] = field(default_factory=list)
    submitter: User | None = None
    case_id: int | None = None

    @property
    def token(self) -> str:
        return f"{TOKEN_PREFIX}{self.index:03d}"

    @property
    def pk(self) -> int:
        assert self.case_id is not None, "submitted first"
        return self.case_id

    @property
    def matter(self) -> texts.Matter | None:
        return self.source if isinstance(self.source, texts.Matter) else None

    @property
    def reply(self) -> str:
        return self.matter.reply if self.matter else "已处理完毕。"


class Planner:
    """Draws the demo's appeals and plans each one's steps, relative to `now`."""

    def __init__(self, city: City, now: datetime, count: int) -> None:
        self.city, self.now, self.count = city, now, count
        self.rng = random.Random(SEED)
        self.categories = {c.code: c for c in Category.objects.all()}
        self.qr_villages = self._qr_villages()
        self.forced = list(FORCED_RATINGS)  # so that every rating shows even in a small demo

    def _qr_villages(self) -> list[str]:
        model = getattr(appeal_models, "QrPoint", None)
        if model is None:
            return []
        return sorted(
            set(model.objects.filter(is_active=True).values_list("region_code", flat=True))
        )

    def fates(self) -> list[str]:
        """Every fate at least once; the closed ones make up the count."""
        drawn = [
            f
            for f, share in FATES
            if f != "closed"
            for _ in range(max(1, round(share * self.count)))
        ]
        drawn += ["closed"] * max(len(FORCED_RATINGS), self.count - len(drawn))
        self.rng.shuffle(drawn)
        return drawn

    def stories(self) -> list[Story]:
        stories = [self.story(i + 1, fate) for i, fate in enumerate(self.fates())]
        for story in stories:
            if story.fate == "merged":
                self.merge_into_earlier(story, stories)
        return stories

    # -- who, where, what

    def story(self, index: int, fate: str) -> Story:
        channel = self.pick(CHANNELS)
        county = self.pick(list(COUNTY_WEIGHTS.items()))
        region = self.village_code(county, channel)
        source = self.source_for(fate)
        intake = self.intake(source, region, channel)
        story = Story(index, fate, county, intake, source)
        self.choose_submitter(story)
        story.steps = self.plan(story)
        return story

    def pick(self, weighted: list[tuple[str, int]]) -> str:
        values, weights = zip(*weighted, strict=True)
        return str(self.rng.choices(values, weights=weights)[0])

    def village_code(self, county: str, channel: str) -> str:
        if channel == "qr" and self.qr_villages:
            in_county = [c for c in self.qr_villages if c.startswith(county)]
            if in_county:
                return self.rng.choice(in_county)
        townships = sorted(t for t in self.city.villages if t.startswith(county))
        villages = self.city.villages[self.rng.choice(townships)]
        return self.rng.choice(villages).region_code

    def source_for(self, fate: str) -> Source:
        if fate == "diverted":
            return self.rng.choice(texts.DIVERSIONS)
        if fate == "closed_answer":
            return self.rng.choice(texts.CONSULTATIONS)
        pool = texts.MATTERS
        if fate == "processing_whistle":
            pool = [m for m in pool if m.category in ("urban.sanitation", "civil.community")]
        return self.rng.choice(pool)

    def words(self, region: str) -> dict[str, str]:
        village = next(
            v for v in self.city.villages[region[:9].ljust(12, "0")] if v.region_code == region
        )
        return {
            "place": short_name(village),
            "road": self.rng.choice(texts.ROADS[region[:6]]),
            "estate": self.rng.choice(texts.ESTATES),
            "n": str(self.rng.randint(2, 9)),
        }

    def intake(self, source: Source, region: str, channel: str) -> IntakeData:
        words = self.words(region)
        matter = source if isinstance(source, texts.Matter) else None
        subtype = "consult" if isinstance(source, texts.Consultation) else "help"
        lat, lng = self.point(region)
        township = self.city.townships.get(region[:9].ljust(12, "0"))
        place = township.name.removesuffix("办事处").removesuffix("人民政府") if township else ""
        return IntakeData(
            title=source.title.format(**words),
            content=source.content.format(**words),
            region_code=region,
            channel=channel,
            subtype=matter.subtype if matter else subtype,
            urgency=self.pick([("normal", 88), ("complex", 7), ("urgent", 5)]),
            category=self.categories.get(matter.category) if matter else None,
            submitter_name=self.person(),
            submitter_phone=self.phone(),
            hide_identity=self.rng.random() < 0.05,
            address=f"{place}{words['road']}{self.rng.randint(1, 199)}号",
            latitude=lat,
            longitude=lng,
        )

    def point(self, region: str) -> tuple[float, float]:
        """Near the village's own spot, so appeals of one village are within a few hundred m."""
        lat0, lng0 = COUNTY_CENTRES[region[:6]]
        seed = int(region) % 10007
        lat = lat0 + ((seed % 101) / 100 - 0.5) * 0.06 + self.rng.uniform(-0.002, 0.002)
        lng = lng0 + ((seed % 97) / 96 - 0.5) * 0.06 + self.rng.uniform(-0.002, 0.002)
        return round(lat, 6), round(lng, 6)

    def person(self) -> str:
        return self.rng.choice(texts.SURNAMES) + self.rng.choice(texts.GIVEN_NAMES)

    def phone(self) -> str:
        return "13" + "".join(str(self.rng.randint(0, 9)) for _ in range(9))

    def choose_submitter(self, story: Story) -> None:
        """The demo resident brought some appeals, so their own pages show them."""
        resident = self.city.users.get("qunzhong")
        mine = story.fate in ("replied", "processing", "closed") and self.rng.random() < 0.12
        if resident is not None and mine:
            story.submitter = resident
            story.intake.submitter = resident
            story.intake.submitter_name = resident.name
            story.intake.submitter_phone = resident.phone

    # -- when

    def quality(self, story: Story) -> float:
        if story.matter is None:
            return 0.8
        return QUALITY.get(CITY_RULES.get(story.matter.category, ""), 0.78)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def hours(self, low: float, high: float) -> timedelta:
        return timedelta(hours=self.rng.uniform(low, high))

    def plan(self, story: Story) -> list[Step]:
        builder: Callable[[Story], list[Step]] = getattr(self, f"plan_{story.fate}")
        steps = builder(story)
        late = steps[-1].at - (self.now - MARGIN)
        if late > timedelta(0):  # never in the future: move the whole story back
            steps = [Step(s.at - late, s.verb, s.args) for s in steps]
        in_hours = self.office_hours(steps)
        late = in_hours[-1].at - (self.now - MARGIN)
        if late <= timedelta(0):
            return in_hours
        if story.fate not in SETTLED:
            return steps  # its state at "now" matters more than office hours
        days = timedelta(days=late.days + 1)  # whole days keep the hours of the day
        return [Step(s.at - days, s.verb, s.args) for s in in_hours]

    def office_hours(self, steps: list[Step]) -> list[Step]:
        """Units work 8:30–18:00 and the centre 8:00–22:00; a step planned outside its hours
        waits for the next opening, and no step overtakes the one before it."""
        moved: list[Step] = []
        for step in steps:
            opens, closes = HOURS.get(step.verb, (7.0, 23.0))
            at = self.within(step.at, opens, closes)
            if moved and at <= moved[-1].at:
                at = moved[-1].at + self.hours(0.1, 0.5)
            moved.append(Step(at, step.verb, step.args))
        return moved

    def within(self, at: datetime, opens: float, closes: float) -> datetime:
        local = timezone.localtime(at)
        hour = local.hour + local.minute / 60
        if opens <= hour < closes:
            return at
        day = local.date() if hour < opens else local.date() + D
        start = datetime.combine(day, time(0), tzinfo=local.tzinfo) + timedelta(hours=opens)
        return start + self.hours(0, 1.5)

    def feedback_gap(self, story: Story, q: float) -> timedelta:
        tier = story.intake.urgency
        if tier == "urgent":
            return self.hours(2, 20)
        days = 15 if tier == "complex" else 7
        if self.chance((1 - q) * 0.6):
            return self.hours(days * 24 + 4, days * 24 + 60)  # replied after the limit
        return self.hours(20, days * 24 - 12)

    def handled(self, story: Story, t0: datetime, **dispatch: Any) -> list[Step]:
        """Submitted, dispatched, accepted (on time or late) and replied."""
        q = self.quality(story)
        t1 = t0 + (self.hours(24.5, 30) if self.chance((1 - q) * 0.3) else self.hours(0.2, 6))
        t2 = t1 + (self.hours(24.5, 40) if self.chance((1 - q) * 0.7) else self.hours(0.3, 9))
        t3 = max(t2 + self.hours(2, 8), t1 + self.feedback_gap(story, q))
        steps = [Step(t0, "submit"), Step(t1, "dispatch", dispatch), Step(t2, "accept")]
        if dispatch.get("co"):
            steps.append(Step(t2 + self.hours(4, 30), "report_in", {"unit": dispatch["co"][0]}))
        steps.append(Step(t3, "reply", {"text": story.reply}))
        return steps

    def rating(self, q: float) -> tuple[str, bool]:
        r = self.rng.random()
        if r < q - 0.15:
            return "satisfied", True
        if r < q + 0.05:
            return "partly", self.chance(0.9)
        return "unsatisfied", self.chance(0.4)

    def rated(self, story: Story, steps: list[Step]) -> list[Step]:
        """Followed up (or rated by the resident); an unresolved case is handled again."""
        verb = "rate" if story.submitter is not None else "follow_up"
        forced = self.forced.pop() if self.forced else None
        rating, resolved = forced or self.rating(self.quality(story))
        t4 = steps[-1].at + self.hours(3, 40)
        steps.append(Step(t4, verb, {"rating": rating, "resolved": resolved}))
        if not resolved:
            t5 = t4 + self.hours(30, 110)
            steps.append(Step(t5, "reply", {"text": "已再次组织整改，问题已处理完毕。"}))
            again = self.rng.choices(AFTER_REWORK, weights=[55, 30, 15])[0]
            follow_up = {"rating": again[0], "resolved": again[1]}
            steps.append(Step(t5 + self.hours(4, 30), "follow_up", follow_up))
        return steps

    def dispatch_args(self, story: Story) -> dict[str, Any]:
        """Most orders follow the catalogue; some name a village (R31) or a co-handler (R26)."""
        category = story.matter.category if story.matter else ""
        if category == "civil.community" and self.chance(0.4):
            return {"unit": "village"}
        if category == "urban.construction" and self.chance(0.35):
            return {"co": ["揭阳市生态环境局"]}
        return {}

    def start(self, low_days: float, high_days: float) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(low_days, high_days))

    def plan_closed(self, story: Story) -> list[Step]:
        t0 = self.start(4, 88)
        return self.rated(story, self.handled(story, t0, **self.dispatch_args(story)))

    def plan_closed_objection(self, story: Story) -> list[Step]:
        t0 = self.start(10, 80)
        t1 = t0 + self.hours(0.5, 5)
        t2 = t1 + self.hours(1, 10)
        t3 = t2 + self.hours(1, 12)
        upheld = self.chance(0.6)
        steps = [Step(t0, "submit"), Step(t1, "dispatch"), Step(t2, "object")]
        steps.append(Step(t3, "review", {"upheld": upheld, "new_unit": "township"}))
        accept = t3 + self.hours(0.5, 8)
        steps.append(Step(accept, "accept"))
        steps.append(Step(accept + self.hours(24, 120), "reply", {"text": story.reply}))
        return self.rated(story, steps)

    def plan_closed_answer(self, story: Story) -> list[Step]:
        t0 = self.start(2, 85)
        answer = story.source.answer if isinstance(story.source, texts.Consultation) else ""
        t1 = t0 + self.hours(0.1, 2)
        return [
            Step(t0, "submit"),
            Step(t1, "answer", {"text": answer or "已电话答复诉求人。"}),
            Step(t1 + self.hours(2, 30), "follow_up", {"rating": "satisfied", "resolved": True}),
        ]

    def plan_replied(self, story: Story) -> list[Step]:
        t3 = self.now - self.hours(1, 40)
        t2 = t3 - self.hours(24, 120)
        t1 = t2 - self.hours(0.5, 10)
        return [
            Step(t1 - self.hours(0.2, 5), "submit"),
            Step(t1, "dispatch"),
            Step(t2, "accept"),
            Step(t3, "reply", {"text": story.reply}),
        ]

    def plan_processing(self, story: Story) -> list[Step]:
        t2 = self.now - self.hours(2, 100)
        t1 = t2 - self.hours(0.5, 10)
        return [Step(t1 - self.hours(0.2, 4), "submit"), Step(t1, "dispatch"), Step(t2, "accept")]

    def plan_processing_overdue(self, story: Story) -> list[Step]:
        story.intake.urgency = "normal"
        t1 = self.start(9, 15)
        steps = [
            Step(t1 - self.hours(0.2, 4), "submit"),
            Step(t1, "dispatch"),
            Step(t1 + self.hours(1, 20), "accept"),
        ]
        if story.county == "445202" and self.chance(0.7):
            note = self.rng.choice(texts.SUPERVISION_NOTES)
            steps.append(Step(t1 + self.hours(200, 210), "supervise", {"note": note}))
        return steps

    def plan_processing_extended(self, story: Story) -> list[Step]:
        story.intake.urgency = "normal"
        t1 = self.start(5.6, 6.5)
        reason, explanation = self.rng.choice(texts.EXTENSIONS)
        extend = {"reason": reason, "explanation": explanation}
        return [
            Step(t1 - self.hours(0.2, 4), "submit"),
            Step(t1, "dispatch"),
            Step(t1 + self.hours(1, 12), "accept"),
            Step(t1 + self.hours(124, 130), "extend", extend),
        ]

    def plan_processing_whistle(self, story: Story) -> list[Step]:
        t2 = self.now - self.hours(20, 70)
        t1 = t2 - self.hours(0.5, 6)
        units = ["揭阳市城市管理和综合执法局", "揭阳市市场监督管理局"]
        whistle = t2 + self.hours(1, 4)
        return [
            Step(t1 - self.hours(0.2, 3), "submit"),
            Step(t1, "dispatch", {"unit": "township"}),
            Step(t2, "accept"),
            Step(whistle, "whistle", {"units": units}),
            Step(whistle + self.hours(1, 10), "report_in", {"unit": units[0]}),
        ]

    def plan_reopened(self, story: Story) -> list[Step]:
        t4 = self.now - self.hours(10, 60)
        t3 = t4 - self.hours(3, 30)
        t1 = t3 - self.hours(48, 140)
        return [
            Step(t1 - self.hours(0.2, 4), "submit"),
            Step(t1, "dispatch"),
            Step(t1 + self.hours(1, 8), "accept"),
            Step(t3, "reply", {"text": story.reply}),
            Step(t4, "follow_up", {"rating": "unsatisfied", "resolved": False}),
        ]

    def plan_dispatched(self, story: Story) -> list[Step]:
        story.intake.urgency = "normal"
        t1 = self.now - self.hours(0.5, 18)
        return [Step(t1 - self.hours(0.2, 5), "submit"), Step(t1, "dispatch")]

    def plan_dispatched_late(self, story: Story) -> list[Step]:
        story.intake.urgency = "normal"
        t1 = self.now - self.hours(26, 60)
        return [Step(t1 - self.hours(0.2, 5), "submit"), Step(t1, "dispatch")]

    def plan_objected(self, story: Story) -> list[Step]:
        t1 = self.now - self.hours(6, 60)
        reason = self.rng.choice(texts.OBJECTIONS)
        return [
            Step(t1 - self.hours(0.2, 4), "submit"),
            Step(t1, "dispatch"),
            Step(t1 + self.hours(1, 5), "object", {"reason": reason}),
        ]

    def plan_received(self, story: Story) -> list[Step]:
        story.intake.urgency = "normal"
        return [Step(self.now - self.hours(0.2, 20), "submit")]

    def plan_received_late(self, story: Story) -> list[Step]:
        story.intake.urgency = "normal"
        return [Step(self.now - self.hours(26, 50), "submit")]

    def plan_diverted(self, story: Story) -> list[Step]:
        assert isinstance(story.source, texts.Diversion)
        triage = {"outcome": story.source.outcome, "note": story.source.note}
        t0 = self.start(0.5, 88)
        return [Step(t0, "submit"), Step(t0 + self.hours(0.1, 3), "triage", triage)]

    def plan_merged(self, story: Story) -> list[Step]:
        return [Step(self.now - D, "submit")]  # placed beside its original in merge_into_earlier

    def merge_into_earlier(self, story: Story, stories: list[Story]) -> None:
        """A neighbour reports an appeal again: the centre merges it into the first one."""
        originals = [s for s in stories if s.fate in MERGE_TARGETS and s.matter is not None]
        original = self.rng.choice(originals)
        start = original.steps[0].at
        end = next((s.at for s in original.steps if s.verb in ("follow_up", "rate")), self.now)
        first_reply = next((s.at for s in original.steps if s.verb == "reply"), end)
        t0 = start + (first_reply - start) * self.rng.uniform(0.1, 0.6)
        merge_at = t0 + min(self.hours(0.2, 3), (end - t0) / 3)
        story.intake = replace(
            original.intake,
            submitter=None,
            submitter_name=self.person(),
            submitter_phone=self.phone(),
            content="我也反映一下：" + original.intake.content,
            channel="hotline",
        )
        story.county, story.source, story.submitter = original.county, original.source, None
        story.steps = [Step(t0, "submit"), Step(merge_at, "merge", {"into": original.index})]
