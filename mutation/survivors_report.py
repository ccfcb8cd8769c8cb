#!/usr/bin/env python3
"""The survivors baseline (markdown) from ppp-mutation's JSON report (issue #13 item 1).

Usage: survivors_report.py KILL_MATRIX.json --commit HASH --command TEXT --wall TEXT [--note TEXT]...
                           [--triage mutation/triage.tsv]
       survivors_report.py KILL_MATRIX.json --pick-sample N [--seed S]
Writes to stdout: the counts, the score per operator and per file, the killing purposes, every
survivor (file:line, operator, change, and its triage when the table has it) and the lines of the
mutants no run reached. The score is killed / non-equivalent: survivors the triage table lists as
equivalent leave the denominator. When only a sample of the survivors is triaged, the share of
equivalents among the rest is estimated from it and the score is given with a 95% interval.
--pick-sample prints a stratified random sample of N survivors (per file, in proportion) to triage.
A row whose line is `*` is a rule: it classes every survivor with that change (a census), and the
sample and its estimate cover only the survivors no rule classes.
"""
import argparse
import collections
import csv
import json
import math
import os
import random
import sys

TRIAGE_FIELDS = ["file", "operator", "original", "mutated", "line", "class", "reason"]
CLASSES = ("equivalent", "gap")


def load_triage(path):
    """Rows of the triage table: tab-separated, '#' comments, the header line TRIAGE_FIELDS."""
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        if list(row.keys()) != TRIAGE_FIELDS or row["class"] not in CLASSES or not row["reason"].strip():
            raise ValueError(f"{path}: row {number}: expected the columns {', '.join(TRIAGE_FIELDS)} with class "
                             f"{' or '.join(CLASSES)} and a reason, got {dict(row)}")
        # `*`: a rule for every site of this change (a census, not a sample): the reason must hold
        # at each site, e.g. a guard that only decides whether a log line is written.
        row["line"] = None if row["line"] == "*" else int(row["line"])
        rows.append(row)
    return rows


def match_triage(survivors, rows):
    """Mutant id -> triage row. Lines move between commits: a row matches the survivor with the same
    file, operator and text, the nearest line first; each survivor takes one row at most."""
    by_key = collections.defaultdict(list)
    for m in survivors:
        by_key[(m["file"], m["operator"], m["original"], m["mutated"])].append(m)
    out = {}
    for row in (r for r in rows if r["line"] is None):  # rules first: they claim every site
        for m in by_key[(row["file"], row["operator"], row["original"], row["mutated"])]:
            out[m["id"]] = row
    for row in (r for r in rows if r["line"] is not None):
        candidates = [m for m in by_key[(row["file"], row["operator"], row["original"], row["mutated"])]
                      if m["id"] not in out]
        if candidates:
            out[min(candidates, key=lambda m: abs(m["line"] - row["line"]))["id"]] = row
    return out


def wilson(successes, trials, z=1.96):
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


def score_line(killed, executed, survived, triaged, equivalents, ruled=0, ruled_equivalent=0):
    """The score killed / non-equivalent, exact when every survivor is triaged, else estimated.
    `ruled` survivors are classed by census rules (all of them: no sampling error); the share of
    equivalents among the rest is estimated from the `triaged` sample of those, with `equivalents`
    equivalent among them."""
    rest = survived - ruled
    if triaged >= rest:
        return f"**Mutation score: {score(killed, executed - equivalents - ruled_equivalent)}** (killed / " \
               f"non-equivalent: {equivalents + ruled_equivalent} equivalent survivors left out)"
    low, high = wilson(equivalents, triaged)
    estimate = lambda share: score(killed, executed - ruled_equivalent - equivalents - share * (rest - triaged))
    ruled_text = f"{ruled} classed by rule ({ruled_equivalent} equivalent), " if ruled else ""
    return (f"**Mutation score: {estimate(equivalents / triaged if triaged else 0.0)}** (killed / non-equivalent, "
            f"estimated: {ruled_text}{triaged} of the other {rest} survivors triaged, {equivalents} equivalent; "
            f"95% interval {estimate(low)} to {estimate(high)}); killed / executed: {score(killed, executed)}")


def pick_sample(survivors, n, seed):
    """A stratified sample: per file, in proportion to its survivors (at least one each)."""
    rng = random.Random(seed)
    by_file = collections.defaultdict(list)
    for m in survivors:
        by_file[m["file"]].append(m)
    picked = []
    for f in sorted(by_file):
        share = max(1, round(n * len(by_file[f]) / len(survivors)))
        picked += rng.sample(by_file[f], min(share, len(by_file[f])))
    return sorted(picked[:n] if len(picked) > n else picked, key=lambda m: (m["file"], m["line"], m["id"]))


def score(killed, executed):
    return f"{100.0 * killed / executed:.1f}%" if executed else "-"


def table(title, key, mutants):
    rows = collections.defaultdict(collections.Counter)
    for m in mutants:
        rows[key(m)][m["status"]] += 1
    out = [f"| {title} | generated | not executed | executed | killed | survived | score |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for name in sorted(rows, key=lambda k: (-sum(rows[k].values()), k)):
        c = rows[name]
        executed = c["killed"] + c["survived"]
        out.append(f"| {name} | {sum(c.values())} | {c['not-executed']} | {executed} | {c['killed']} | "
                   f"{c['survived']} | {score(c['killed'], executed)} |")
    return out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report")
    ap.add_argument("--commit", required=True)
    ap.add_argument("--command", required=True)
    ap.add_argument("--wall", required=True, help="the run's wall time as measured (time)")
    ap.add_argument("--note", action="append", default=[])
    ap.add_argument("--triage", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "triage.tsv"))
    ap.add_argument("--pick-sample", type=int, default=0, metavar="N")
    ap.add_argument("--seed", type=int, default=1)
    if "--pick-sample" in argv:  # the sample needs only the report
        for required in ("--commit", "--command", "--wall"):
            argv = argv + [required, "-"]
    args = ap.parse_args(argv)
    doc = json.load(open(args.report, encoding="utf-8"))
    mutants = doc["mutants"]
    executed = doc["executed"]
    survivors = sorted((m for m in mutants if m["status"] == "survived"), key=lambda m: (m["file"], m["line"], m["id"]))
    if args.pick_sample:
        # The sample is drawn from the survivors no census rule classes.
        rules = [r for r in load_triage(args.triage) if r["line"] is None] if os.path.exists(args.triage) else []
        ruled = match_triage(survivors, rules)
        print("\t".join(TRIAGE_FIELDS))
        for m in pick_sample([m for m in survivors if m["id"] not in ruled], args.pick_sample, args.seed):
            print("\t".join([m["file"], m["operator"], m["original"], m["mutated"], str(m["line"]), "?", ""]))
        return 0
    try:
        triage = match_triage(survivors, load_triage(args.triage)) if os.path.exists(args.triage) else {}
    except ValueError as e:
        sys.stderr.write(f"survivors_report.py: {e}\n")
        return 2
    sampled = {i: row for i, row in triage.items() if row["line"] is not None}
    ruled = {i: row for i, row in triage.items() if row["line"] is None}
    equivalents = sum(1 for row in triage.values() if row["class"] == "equivalent")
    sampled_equivalent = sum(1 for row in sampled.values() if row["class"] == "equivalent")
    out = ["# Mutation analysis: survivors baseline (issue #13 item 1)", "",
           "A full run of `ppp-mutation` (mutation/README.md). Every survivor below is a change to the",
           "reference router that the default campaign (seeds 1 and 2) does not notice: a gap in the test",
           "purposes, or an equivalent mutant. Triage against this list (mutation/triage.tsv); re-measure",
           "with the command below and `mutation/survivors_report.py`.", "",
           f"- Commit measured: `{args.commit}`",
           f"- Command: `{args.command}`",
           f"- Wall time: {args.wall} (the tool's own count: {doc['seconds']:.0f} s, of which recording "
           f"{doc['record_seconds']:.1f} s)",
           f"- Campaign: seeds {', '.join(map(str, doc['seeds']))}, {doc['plans']} plans per property purpose; "
           f"unmutated runs that fail or err: {doc['baseline_failures']}"]
    out += [f"- {n}" for n in args.note]
    how = collections.Counter(m["killed_by"]["how"] for m in mutants if m["status"] == "killed")
    out += ["", "## Counts", "",
            f"- Generated: {doc['generated']}",
            f"- Not executed (no run of the campaign reaches the point; skipped): {doc['not_executed']}",
            f"- Executed: {executed}",
            f"- Killed: {doc['killed']} ({', '.join(f'{k} {v}' for k, v in how.most_common())})",
            f"- Survived: {doc['survived']}, triaged {len(triage)} (equivalent {equivalents}, "
            f"gaps {len(triage) - equivalents}; by rule {len(ruled)}, sampled {len(sampled)})",
            "- " + score_line(doc["killed"], executed, doc["survived"], len(sampled), sampled_equivalent,
                              len(ruled), equivalents - sampled_equivalent), "",
            "### Per operator", ""]
    out += table("operator", lambda m: m["operator"], mutants)
    out += ["", "### Per file", ""]
    out += table("file", lambda m: m["file"], mutants)
    killers = collections.Counter(m["killed_by"]["purpose"] for m in mutants if m["status"] == "killed")
    out += ["", "### Purposes that killed first", "",
            ", ".join(f"{p} {n}" for p, n in killers.most_common()), ""]
    out += [f"## Survivors ({len(survivors)})", "",
            "`file:line OPERATOR change: original -> mutated` and how many (purpose, seed) runs and generated",
            "plans executed the point; ids are those of this commit's mutant table; then the triage, if any.", ""]
    current = None
    for m in survivors:
        if m["file"] != current:
            current = m["file"]
            out += ["", f"### {current}", ""]
        mutated = "(deleted)" if not m["mutated"] else f"-> `{m['mutated']}`"
        row = triage.get(m["id"])
        verdict = f" **{row['class']}**{' (rule)' if row and row['line'] is None else ''}: {row['reason']}" if row else ""
        out.append(f"- {m['file']}:{m['line']} #{m['id']} {m['operator']} {m['change']}: `{m['original']}` {mutated} "
                   f"[runs {m['runs_reaching']}, plans {m['plans_reaching']}]{verdict}")
    unreached = collections.defaultdict(list)
    for m in mutants:
        if m["status"] == "not-executed":
            unreached[m["file"]].append(m["line"])
    out += ["", f"## Not executed ({doc['not_executed']}): lines never reached by the campaign", ""]
    for f in sorted(unreached):
        lines = sorted(set(unreached[f]))
        out.append(f"- {f} ({len(unreached[f])} mutants): " + ", ".join(map(str, lines)))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
