"""bench/attack's selftest: its arithmetic and its generators, without a server (`bench/attack/run.sh selftest`)."""

import base64
import hashlib
import json
import math
import random
import unittest
from datetime import date

import stats
from actors import CODE, solve
from attack import lottery_offsets, pooled, stratified_offsets
from population import ascii_fold, make_population


class WilsonTests(unittest.TestCase):
    def test_known_values(self):
        # 10 of 100: the textbook Wilson interval is [0.0552, 0.1744].
        e = stats.wilson(10, 100)
        self.assertAlmostEqual(e.value, 0.10)
        self.assertAlmostEqual(e.low, 0.05523, places=4)
        self.assertAlmostEqual(e.high, 0.17437, places=4)

    def test_edges(self):
        self.assertEqual(stats.wilson(0, 0).value, None)
        zero = stats.wilson(0, 50)
        self.assertEqual((zero.value, zero.low), (0.0, 0.0))
        self.assertAlmostEqual(zero.high, 0.07135, places=4)
        full = stats.wilson(50, 50)
        self.assertEqual((full.value, full.high), (1.0, 1.0))
        with self.assertRaises(ValueError):
            stats.wilson(3, 2)


class RatioTests(unittest.TestCase):
    def test_katz_interval(self):
        # 20/100 against 10/100: risk ratio 2, Katz interval [0.987, 4.054].
        e = stats.advantage_ratio(20, 100, 10, 100)
        self.assertAlmostEqual(e.value, 2.0)
        self.assertAlmostEqual(e.low, 0.9866, places=3)
        self.assertAlmostEqual(e.high, 4.0544, places=3)
        self.assertFalse(e.floor)

    def test_equal_odds(self):
        e = stats.advantage_ratio(80, 400, 300, 1500)
        self.assertAlmostEqual(e.value, 1.0)
        self.assertLess(e.low, 1.0)
        self.assertGreater(e.high, 1.0)
        self.assertAlmostEqual(e.low * e.high, 1.0, places=9)   # symmetric on the log scale

    def test_people_never_won_gives_a_floor(self):
        e = stats.advantage_ratio(90, 100, 0, 40)
        self.assertTrue(e.floor)
        self.assertAlmostEqual(e.value, 0.9 / (0.5 / 40))
        self.assertLess(e.low, e.value)

    def test_one_event_is_the_plain_ratio(self):
        plain = stats.advantage_ratio(20, 100, 10, 100)
        by_event = stats.advantage_ratio_by_event([(20, 100, 10, 100)])
        self.assertAlmostEqual(by_event.value, plain.value)
        self.assertAlmostEqual(by_event.low, plain.low)
        self.assertAlmostEqual(by_event.high, plain.high)

    def test_events_undo_simpsons_paradox(self):
        # Both events treat bots and people alike (10 % then 30 % a ticket), but bots took part more in the second:
        # pooled, bots look 1.5 times luckier; event by event, they are not.
        events = [(10, 100, 40, 400), (30, 100, 30, 100)]
        pooled = stats.advantage_ratio(40, 200, 70, 500)
        self.assertAlmostEqual(pooled.value, (40 / 200) / (70 / 500))
        self.assertGreater(pooled.value, 1.4)
        by_event = stats.advantage_ratio_by_event(events)
        self.assertAlmostEqual(by_event.value, 1.0)
        self.assertLess(by_event.low, 1.0)
        self.assertGreater(by_event.high, 1.0)

    def test_mantel_haenszel_known_value(self):
        # Two strata, computed by hand: numerator 8·20/30 + 6·10/20 = 8.3333, denominator 4·10/30 + 3·10/20
        # = 2.8333; ratio 2.9412. Greenland–Robins: (10·20·12 − 8·4·30)/900 + (10·10·9 − 6·3·20)/400 = 1.6 + 1.35
        # = 2.95, over 8.3333 × 2.8333 = 23.611: variance 0.12494.
        e = stats.advantage_ratio_by_event([(8, 10, 4, 20), (6, 10, 3, 10)])
        self.assertAlmostEqual(e.value, 2.941176, places=5)
        se = math.sqrt(2.95 / (25 / 3 * 17 / 6))
        self.assertAlmostEqual(e.low, 2.941176 * math.exp(-stats.Z95 * se), places=5)
        self.assertAlmostEqual(e.high, 2.941176 * math.exp(stats.Z95 * se), places=5)

    def test_by_event_floor_and_empty_events(self):
        e = stats.advantage_ratio_by_event([(5, 10, 0, 20), (3, 10, 0, 0)])
        self.assertTrue(e.floor)
        self.assertAlmostEqual(e.value, 0.5 / (0.5 / 20))
        self.assertIsNone(stats.advantage_ratio_by_event([(1, 0, 1, 10)]).value)

    def test_no_attempts(self):
        self.assertIsNone(stats.advantage_ratio(1, 0, 1, 10).value)
        self.assertIsNone(stats.advantage_ratio(1, 10, 0, 0).value)

    def test_interval_narrows_with_counts(self):
        small = stats.advantage_ratio(10, 100, 40, 400)
        large = stats.advantage_ratio(100, 1000, 400, 4000)
        self.assertLess(large.high - large.low, small.high - small.low)


class VerdictTests(unittest.TestCase):
    def test_levels(self):
        E = stats.Estimate
        self.assertEqual(stats.verdict(E(0.9, 0.8, 1.05), 1.1), stats.MET)
        self.assertEqual(stats.verdict(E(1.0, 0.8, 1.3), 1.1), stats.MET_NOISY)
        self.assertEqual(stats.verdict(E(1.2, 0.9, 1.5), 1.1), stats.MISSED_NOISY)
        self.assertEqual(stats.verdict(E(3.0, 2.0, 4.0), 1.1), stats.MISSED)
        self.assertEqual(stats.verdict(E(None, None, None), 1.1), stats.UNKNOWN)
        self.assertEqual(stats.verdict(E(0.5, 0.2, 0.9, floor=True), 1.1), stats.MET_NOISY)


class PoolingTests(unittest.TestCase):
    @staticmethod
    def run_of(seed, events, clients, people):
        seats = {"bots": sum(e["seats"].get("bots", 0) for e in events),
                 "people": sum(e["seats"].get("people", 0) for e in events)}
        attempts = {"bots": sum(e["attempts"]["bots"] for e in events),
                    "people": sum(e["attempts"]["people"] for e in events)}
        return {"mode": "lottery", "seed": seed, "seats_by": seats, "attempts": attempts, "events": events,
                "attempt_definition": "a ticket", "served": {"clients_total": clients, "people_total": people}}

    def test_seeds_are_strata_and_shares_are_over_every_seat(self):
        # Seed 1: bots 10 seats of 40 attempts, people 30 of 120 (equal odds); seed 2: 5 of 50 against 45 of 450.
        # Within each seed the odds are equal, so the pooled ratio is 1 whatever the seeds' sizes; the paid-for share
        # is 15 of 90 seats, the clients' share 50 of 300 applicants.
        one = self.run_of(1, [{"event": "lottery a", "attempts": {"bots": 40, "people": 120},
                               "seats": {"bots": 10, "people": 30}}], clients=20, people=80)
        two = self.run_of(2, [{"event": "lottery a", "attempts": {"bots": 50, "people": 450},
                               "seats": {"bots": 5, "people": 45}}], clients=30, people=170)
        result = pooled("lottery", [one, two])
        self.assertAlmostEqual(result["advantage_ratio"]["value"], 1.0)
        self.assertAlmostEqual(result["paid_for_share"]["value"], 15 / 90)
        self.assertAlmostEqual(result["clients_share"], 50 / 300)
        self.assertEqual(result["seats"], 90)
        self.assertEqual([e["event"] for e in result["events"]], ["seed 1, lottery a", "seed 2, lottery a"])
        self.assertEqual(result["mode"], "lottery (seeds 1, 2)")


class HarnessTests(unittest.TestCase):
    def test_proof_of_work(self):
        salt = "00112233445566778899aabb?expires=4102444800"
        challenge = {"algorithm": "SHA-256", "salt": salt, "maxnumber": 5000, "signature": "00",
                     "challenge": hashlib.sha256(f"{salt}4321".encode()).hexdigest()}
        solution = json.loads(base64.b64decode(solve(challenge)))
        self.assertEqual(solution["number"], 4321)
        self.assertEqual(solution["salt"], salt)

    def test_codes_in_subjects(self):
        self.assertEqual(CODE.search("Lottery: a seat for you, code 604326").group(1), "604326")
        self.assertEqual(CODE.search("Votre code de confirmation : 012345").group(1), "012345")
        self.assertIsNone(CODE.search("Seat lottery: request L-094PT-QMSEF"))
        self.assertIsNone(CODE.search("Appointment confirmed: Monday 7 December 2026 at 09:00"))

    def test_release_instants_are_spread(self):
        offsets = stratified_offsets(random.Random(1), 4, 15, 150)
        self.assertEqual(offsets, sorted(offsets))
        for i, offset in enumerate(offsets):
            self.assertTrue(15 + i * 33.75 <= offset <= 15 + (i + 1) * 33.75)

    def test_lotteries_kept_apart(self):
        for seed in range(50):
            offsets = lottery_offsets(random.Random(seed), 3, 15, 210, 120)
            self.assertEqual(len(offsets), 3)
            self.assertTrue(all(15 <= x <= 210 + 120 for x in offsets))
            # Two lotteries fit: their openers at least a lottery and 5 s apart; the third release joins one.
            opened = [offsets[0]]
            for x in offsets[1:]:
                if x >= opened[-1] + 125:
                    opened.append(x)
                else:
                    self.assertLess(x, opened[-1] + 120)
            self.assertEqual(len(opened), 2, offsets)
        self.assertEqual(len(lottery_offsets(random.Random(1), 3, 15, 100, 120)), 3)

    def test_population(self):
        population = make_population(random.Random(7), 1500, 0.22, 4, 5, date(2026, 12, 4))
        applicants = population.applicants
        self.assertEqual(len(population.clients), 330)
        self.assertEqual(sum(len(op.clients) for op in population.operations), 330)
        # Mailboxes unique even once dots are ignored; networks one per person, apart from the bots'.
        boxes = [a.email for a in applicants] + [a.scalper_email for a in population.clients]
        self.assertEqual(len({b.replace(".", "").lower() for b in boxes}), len(boxes))
        self.assertEqual(len({a.network for a in applicants}), len(applicants))
        bot_networks = {n for op in population.operations for n in op.networks}
        self.assertEqual(len(bot_networks), 5)
        self.assertFalse(bot_networks & {a.network for a in applicants})
        # No two people of one nationality share a name, even swapped: none is a near-duplicate of another.
        keys = {}
        for a in applicants:
            straight = ascii_fold(a.identity.family_name) + ascii_fold(a.identity.given_names)
            swapped = ascii_fold(a.identity.given_names) + ascii_fold(a.identity.family_name)
            for key in {straight, swapped}:
                self.assertNotIn((a.identity.nationality, key), keys, a.identity)
                keys[(a.identity.nationality, key)] = a
        self.assertEqual(len({a.identity.foreign_number for a in applicants}), len(applicants))

    def test_same_seed_same_people(self):
        one = make_population(random.Random(3), 200, 0.2, 3, 4, date(2026, 12, 4))
        two = make_population(random.Random(3), 200, 0.2, 3, 4, date(2026, 12, 4))
        self.assertEqual([a.email for a in one.applicants], [a.email for a in two.applicants])
        self.assertEqual([a.period for a in one.applicants], [a.period for a in two.applicants])

    def test_ascii_fold(self):
        self.assertEqual(ascii_fold("Yılmaz"), "yilmaz")
        self.assertEqual(ascii_fold("Nguyễn"), "nguyen")
        self.assertEqual(ascii_fold("N'Guessan"), "nguessan")
        self.assertEqual(ascii_fold("Đặng"), "dang")


if __name__ == "__main__":
    unittest.main()
