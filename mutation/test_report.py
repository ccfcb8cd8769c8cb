#!/usr/bin/env python3
"""Unit tests of mutation/survivors_report.py: the triage table, its matching and the score."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import survivors_report as report  # noqa: E402


def mutant(mid, line, original="a < b", mutated="a <= b", file="sut/src/fsm.cpp", operator="ROR"):
    return {"id": mid, "file": file, "line": line, "operator": operator, "original": original, "mutated": mutated}


def table(rows):
    f = tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8")
    f.write("# a comment\n" + "\t".join(report.TRIAGE_FIELDS) + "\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
    f.close()
    return f.name


class TriageTest(unittest.TestCase):
    def test_rows_need_a_known_class_and_a_reason(self):
        good = table([["sut/src/fsm.cpp", "ROR", "a < b", "a <= b", "10", "equivalent", "b is never equal to a"]])
        self.assertEqual(report.load_triage(good)[0]["line"], 10)
        for bad in (["sut/src/fsm.cpp", "ROR", "a < b", "a <= b", "10", "maybe", "why"],
                    ["sut/src/fsm.cpp", "ROR", "a < b", "a <= b", "10", "gap", " "]):
            with self.assertRaises(ValueError):
                report.load_triage(table([bad]))

    def test_a_row_matches_the_nearest_line_of_the_same_change_once(self):
        survivors = [mutant(1, 10), mutant(2, 40), mutant(3, 42, mutated="a > b")]
        rows = [{"file": "sut/src/fsm.cpp", "operator": "ROR", "original": "a < b", "mutated": "a <= b", "line": 38,
                 "class": "gap", "reason": "r"}]
        self.assertEqual(list(report.match_triage(survivors, rows)), [2])  # moved from 38 to 40

    def test_score_leaves_equivalents_out_and_estimates_when_sampled(self):
        exact = report.score_line(killed=80, executed=100, survived=20, triaged=20, equivalents=10)
        self.assertIn("88.9%", exact)  # 80 / (100 - 10)
        sampled = report.score_line(killed=80, executed=100, survived=20, triaged=10, equivalents=5)
        self.assertIn("88.9%", sampled)  # half the sample equivalent: 10 of the 20 survivors estimated
        self.assertIn("95% interval", sampled)
        self.assertIn("80.0%", sampled)  # killed / executed, as before

    def test_a_rule_row_classes_every_site_of_its_change_before_sampled_rows(self):
        survivors = [mutant(1, 10, "log_.ppp()", "!(log_.ppp())", operator="NEG"),
                     mutant(2, 90, "log_.ppp()", "!(log_.ppp())", operator="NEG"), mutant(3, 40)]
        rule = table([["sut/src/fsm.cpp", "NEG", "log_.ppp()", "!(log_.ppp())", "*", "equivalent", "log only"],
                      ["sut/src/fsm.cpp", "NEG", "log_.ppp()", "!(log_.ppp())", "12", "gap", "sampled"],
                      ["sut/src/fsm.cpp", "ROR", "a < b", "a <= b", "41", "gap", "sampled"]])
        rows = report.load_triage(rule)
        self.assertIsNone(rows[0]["line"])
        matched = report.match_triage(survivors, rows)
        self.assertEqual(sorted(matched), [1, 2, 3])
        self.assertEqual({matched[1]["reason"], matched[2]["reason"], matched[3]["reason"]}, {"log only", "sampled"})
        self.assertEqual(matched[1]["reason"], "log only")  # the sampled row of the same change claims nothing

    def test_rule_classed_survivors_are_counted_not_estimated(self):
        # 20 survivors: 10 classed equivalent by rule; of the other 10, 5 sampled with 1 equivalent.
        line = report.score_line(killed=80, executed=100, survived=20, triaged=5, equivalents=1, ruled=10,
                                 ruled_equivalent=10)
        self.assertIn("90.9%", line)  # 80 / (100 - 10 - 1 - 0.2 * 5) = 80 / 88
        self.assertIn("10 classed by rule (10 equivalent), 5 of the other 10 survivors triaged", line)

    def test_the_sample_is_stratified_by_file_and_repeatable(self):
        survivors = [mutant(i, i, file="a.cpp") for i in range(90)] + [mutant(100 + i, i, file="b.cpp") for i in range(10)]
        sample = report.pick_sample(survivors, 20, seed=3)
        self.assertEqual(sum(1 for m in sample if m["file"] == "a.cpp"), 18)
        self.assertEqual(sum(1 for m in sample if m["file"] == "b.cpp"), 2)
        self.assertEqual(sample, report.pick_sample(survivors, 20, seed=3))


class BundledTableTest(unittest.TestCase):
    def test_the_repositorys_triage_table_loads(self):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "triage.tsv")
        rows = report.load_triage(path)
        self.assertTrue(rows)
        self.assertTrue(all(r["file"].startswith("sut/src/") for r in rows))


if __name__ == "__main__":
    unittest.main()
