#!/usr/bin/env python3
"""ppp-mutation on a handful of mutants (kept fast: the LCP purposes, 20 plans per property).

Usage: test_tool.py PPP_MUTATION_EXE MUTANTS_JSON. The mutants are chosen from the table by what
they change, not by id (ids move when sut/src changes): the FSM's Send-Configure-Request deleted
(every LCP negotiation notices) and the FSM's state assignment deleted; then --plan, one plan of
intents in place of the catalog.
"""
import json
import os
import subprocess
import sys
import tempfile


def main(exe, table):
    mutants = json.load(open(table, encoding="utf-8"))["mutants"]

    def find(file, operator, original):
        for m in mutants:
            if m["file"].endswith(file) and m["operator"] == operator and m["original"] == original:
                return m["id"]
        sys.exit(f"no {operator} mutant of '{original}' in {file}")

    scr = find("sut/src/fsm.cpp", "DEL-SEND", "actions_.scr(now);")
    state = find("sut/src/fsm.cpp", "DEL-ASSIGN", "state_ = s;")
    base = [exe, "--only", f"{scr},{state}", "--tp", "TP-LCP-*", "--plans", "20"]
    text = subprocess.run(base, capture_output=True, text=True, timeout=600)
    print(text.stdout, text.stderr)
    assert text.returncode == 0, text.returncode
    assert "2 selected (--only)" in text.stdout
    assert f"killed: #{scr} by TP-LCP-" in text.stdout, "the deleted Send-Configure-Request survived"
    assert "mutation score: " in text.stdout
    doc = json.loads(subprocess.run(base + ["--format", "json"], capture_output=True, text=True, timeout=600,
                                    check=True).stdout)
    by_id = {m["id"]: m for m in doc["mutants"]}
    assert set(by_id) == {scr, state}, sorted(by_id)
    assert by_id[scr]["status"] == "killed" and by_id[scr]["killed_by"]["purpose"].startswith("TP-LCP-")
    assert by_id[scr]["killed_by"]["why"].startswith("["), by_id[scr]["killed_by"]
    assert list(by_id[scr]["matrix"].values())[-1] in ("fail", "error", "crash", "time-out")
    assert doc["generated"] == len(mutants)
    # The reach recorded per plan: the Send-Configure-Request runs in every LCP negotiation.
    assert by_id[scr]["runs_reaching"] > 0 and by_id[scr]["plans_reaching"] >= by_id[scr]["runs_reaching"]
    # The survivors baseline is rendered from that JSON.
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(doc, f)
    report = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "survivors_report.py"),
                             f.name, "--commit", "HEAD", "--command", "test", "--wall", "0 s"],
                            capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    assert "**Mutation score: " in report and "## Survivors (" in report, report
    # --plan: one plan of intents instead of the catalog, to try a stimulus on a survivor.
    planned = subprocess.run([exe, "--only", str(scr), "--plan", "ping 1; wait 20s", "--role", "client"],
                             capture_output=True, text=True, timeout=600)
    assert planned.returncode == 0, planned.stderr
    assert f"killed: #{scr} by PLAN-CLIENT" in planned.stdout, planned.stdout
    # Each kill names the rule the mutant broke: the killing case's message, its SPEC IDs first.
    kill_line = next(l for l in planned.stdout.splitlines() if l.startswith(f"killed: #{scr} "))
    assert "): [" in kill_line, kill_line
    bad = subprocess.run([exe, "--plan", "ping 1; fly 3"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.startswith("ppp-mutation: --plan ping 1; fly 3: "), bad.stderr
    for args, says in ((["--plan", "ping 1", "--tp", "TP-LCP-*"], "--plan runs one plan of its own"),
                       (["--role", "client"], "--role chooses the SUT's side of --plan")):
        refused = subprocess.run([exe] + args, capture_output=True, text=True, timeout=60)
        assert refused.returncode == 2 and says in refused.stderr.splitlines()[0], refused.stderr
    assert subprocess.run([exe, "--help"], capture_output=True, text=True, check=True).stdout.startswith("usage:")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
