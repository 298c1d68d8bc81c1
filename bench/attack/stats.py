"""The arithmetic of bench/attack: the bots' advantage ratio, shares, their 95 % intervals and the verdicts.

Kept apart from the harness so that `bench/attack/run.sh selftest` checks it without a server.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # two-sided 95 % normal quantile


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its 95 % interval. `floor` marks a ratio whose denominator had no success at all:
    the point is then a lower bound (people's odds taken as half a win over their attempts, as docs/fairness.md
    does), shown as "≥"."""

    value: float | None
    low: float | None
    high: float | None
    floor: bool = False

    def as_dict(self) -> dict:
        return {"value": self.value, "low": self.low, "high": self.high, "floor": self.floor}


def wilson(successes: int, trials: int, z: float = Z95) -> Estimate:
    """A share `successes / trials` with the Wilson score interval (good at small counts and near 0 or 1)."""
    if trials <= 0:
        return Estimate(None, None, None)
    if not 0 <= successes <= trials:
        raise ValueError(f"successes {successes} outside 0..{trials}")
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Estimate(p, low, high)


def advantage_ratio(bot_wins: int, bot_attempts: int, people_wins: int, people_attempts: int,
                    z: float = Z95) -> Estimate:
    """(bot wins per attempt) / (people's wins per attempt), with the Katz log interval for a ratio of two
    independent proportions. Zero wins on either side: half a win is added to both sides for the interval
    (Haldane's correction); zero wins for people also makes the point a floor (half a win over their attempts).
    None when either side made no attempt."""
    if bot_attempts <= 0 or people_attempts <= 0:
        return Estimate(None, None, None)
    for wins, attempts in ((bot_wins, bot_attempts), (people_wins, people_attempts)):
        if not 0 <= wins <= attempts:
            raise ValueError(f"wins {wins} outside 0..{attempts}")
    floor = people_wins == 0
    point = (bot_wins / bot_attempts) / ((people_wins if people_wins else 0.5) / people_attempts)
    a, n1, b, n2 = bot_wins, bot_attempts, people_wins, people_attempts
    if a == 0 or b == 0:
        a, n1, b, n2 = a + 0.5, n1 + 0.5, b + 0.5, n2 + 0.5
    log_ratio = math.log((a / n1) / (b / n2))
    se = math.sqrt(max(0.0, 1 / a - 1 / n1 + 1 / b - 1 / n2))
    return Estimate(point, math.exp(log_ratio - z * se), math.exp(log_ratio + z * se), floor)


def advantage_ratio_by_event(events: list[tuple[int, int, int, int]], z: float = Z95) -> Estimate:
    """The same ratio compared event by event (each release, lottery or draw): the Mantel–Haenszel risk ratio over
    the events' (bot wins, bot attempts, people's wins, people's attempts), with the Greenland–Robins variance of
    its logarithm. Pooling all attempts instead would mix in *when* each side tried: a side that takes part more
    in the events where seats are easier to get looks luckier per attempt although every single event treated
    both alike (Simpson's paradox), which is what happens when bots enter every lottery and people only some.
    Falls back to `advantage_ratio` of the totals when people never won (a floor) or bots never did; events
    where one side made no attempt compare nothing and are left out."""
    events = [e for e in events if e[1] > 0 and e[3] > 0]
    if not events:
        return Estimate(None, None, None)
    a_total, n1_total = sum(e[0] for e in events), sum(e[1] for e in events)
    b_total, n2_total = sum(e[2] for e in events), sum(e[3] for e in events)
    if a_total == 0 or b_total == 0:
        return advantage_ratio(a_total, n1_total, b_total, n2_total, z)
    numerator = sum(a * n2 / (n1 + n2) for a, n1, b, n2 in events)
    denominator = sum(b * n1 / (n1 + n2) for a, n1, b, n2 in events)
    if numerator == 0 or denominator == 0:
        return advantage_ratio(a_total, n1_total, b_total, n2_total, z)
    ratio = numerator / denominator
    variance = sum((n1 * n2 * (a + b) - a * b * (n1 + n2)) / (n1 + n2) ** 2
                   for a, n1, b, n2 in events) / (numerator * denominator)
    se = math.sqrt(max(0.0, variance))
    return Estimate(ratio, math.exp(math.log(ratio) - z * se), math.exp(math.log(ratio) + z * se))


# Verdicts: what a 95 % interval allows one to say about "estimate ≤ bound".
MET = "yes"            # the whole interval is within the bound
MET_NOISY = "yes*"     # the point is within the bound, the interval reaches beyond it
MISSED_NOISY = "no*"   # the point is beyond the bound, the interval reaches back within it
MISSED = "NO"          # the whole interval is beyond the bound: not noise
UNKNOWN = "n/a"

VERDICT_LEGEND = (
    "yes = the whole 95 % interval meets the target; yes* = the estimate meets it but the interval reaches past it; "
    "no* = the estimate misses it but the interval reaches back within it (noise cannot be ruled out); "
    "NO = the whole interval misses it"
)


def verdict(estimate: Estimate, bound: float) -> str:
    """Is `estimate ≤ bound`? See the constants above. A floor ratio (people never won) whose floor already passes
    the bound is a plain miss."""
    if estimate.value is None or estimate.low is None or estimate.high is None:
        return UNKNOWN
    if estimate.low > bound:
        return MISSED
    if estimate.value > bound:
        return MISSED_NOISY
    if estimate.high > bound or estimate.floor:
        return MET_NOISY
    return MET


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
