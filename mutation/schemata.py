#!/usr/bin/env python3
"""Mutant schemata for the reference router (issue #13 item 1).

Reads sut/src/*.cpp files and writes copies in which every mutation point is a run-time choice
(ppp/sut/mutation.hpp): an expression site becomes a chain
    (PPP hit(a) ? (variant a) : hit(b) ? (variant b) : (original))
and a deleted statement is guarded by PPP_MUTANT_KEEP(id). All mutants compile into one build;
the active one is chosen per router instance at run time (RouterOptions::mutant).

Conservative on purpose, so that every generated file compiles:
- comments, string and character literals and preprocessor lines are never mutated;
- expressions are mutated only where the whole expression is known: the condition of an
  `if`/`while` (not `if constexpr`, not one with an init-statement or a declaration), the
  expression of a `return` (not a braced list or a lambda), and the right-hand side of a one-line
  assignment statement; case labels, array sizes, constexpr and static_assert contexts are never
  inside those;
- `<` and `>` are replaced only with spaces around them (template brackets have none), `+` and
  `-` not in expressions holding a string literal or a name that is text-valued.

Operators: ROR (relational replacement), AOR (arithmetic replacement), CRP (constant +1, -1, to 0),
NEG (condition negation), DEL-SEND / DEL-TIMER / DEL-ASSIGN (statement deletion), SWAP (two
adjacent arguments swapped in a call of a function whose parameters there share a type, listed in
SAME_TYPE_PARAMETERS, when both arguments are plain names or member accesses).

Usage: schemata.py --out DIR [--table FILE] FILE.cpp...   (ids are numbered from 1 in file order)
"""
import argparse
import json
import os
import re
import sys

ROR = {"<": ["<=", ">"], "<=": ["<", ">"], ">": [">=", "<"], ">=": [">", "<"],
       "==": ["!="], "!=": ["=="]}
AOR = {"+": ["-"], "-": ["+"], "*": ["/"], "/": ["*"], "%": ["*"]}
SEND_RE = re.compile(r"\b(send\w*|emit\w*|scr|sca|scn|str|sta|scj|ser|sendq|queue_\w*|transmit\w*|out_\.push_back|push_back)\s*\(")
TIMER_RE = re.compile(r"\b(start_timer|restart_timer|arm\w*|set_timer|start\w*timer\w*|timer\w*\.start|deadline\w*\s*=)")
# A variable declared without an initializer (`bool ok;`, `int a, b;`, `Millis t;`): deleting an
# assignment to it in the same block would leave it indeterminate (undefined behaviour,
# -Wmaybe-uninitialized), so such an assignment is not deleted. Types whose default constructor
# gives a value (strings, containers) are no concern.
UNINITIALIZED_DECL_RE = re.compile(
    r"^\s*(?!(?:return|delete|throw|goto|using|case|break|continue|else|do)\b)"
    r"((?:(?:const|static|unsigned|signed|long|short)\s+)*[A-Za-z_][\w:]*(?:<[^;=(){}]*>)?)[\s*&]+"
    r"([A-Za-z_]\w*(?:\s*,\s*[*&]?\s*[A-Za-z_]\w*)*)\s*;\s*$", re.M)
VALUE_INITIALIZED_TYPE_RE = re.compile(r"(std::(string|vector|optional|map|set|deque|list|unordered_\w+)|Bytes)\b")
# SWAP: functions called in the mutated sources whose adjacent parameters share a declared type,
# as {name: {arity: (i, ...)}}: parameters i and i + 1 (from 0) of a call with that many
# arguments. Curated rather than inferred (a regex pass has no types); test_schemata.py checks
# every entry against the declarations in sut/include, so a changed signature fails the tests.
SAME_TYPE_PARAMETERS = {
    "place_call": {3: (1,), 7: (1,)},     # Q931User: called, calling; Router: number, name
    "route": {5: (2,)},                   # Router: src, dst (IPv4 addresses)
    "start_cbcp_server": {3: (1,)},       # PppLink: offer_admin, offer_none
    "log_packet": {8: (3,)},              # PppLink: code, id
}
# A swapped argument: a name or a chain of member accesses (`ip.value().source`, `m->name`), so
# both alternatives of the schema have the type of the parameter and nothing is evaluated twice.
PLAIN_ARGUMENT_RE = re.compile(r"[A-Za-z_]\w*(\(\))?((\.|->)[A-Za-z_]\w*(\(\))?)*$")
TEXTY = re.compile(r"\b(\w*name\w*|\w*text\w*|\w*str\w*|\w*number\w*|\w*reason\w*|\w*message\w*|s|line|out|hostname|prefix|buf|raw)\b")


def mask(text):
    """The text with comments, string/char literals and preprocessor lines blanked (same length)."""
    out = list(text)
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c in " \t":
            i += 1
            continue
        if line_start and c == "#":
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out[i] = " "
                    i += 2
                    continue
                out[i] = " "
                i += 1
            continue
        line_start = False
        if c == "\n":
            line_start = True
            i += 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                out[i] = " "
                i += 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if text[k] != "\n":
                    out[k] = " "
            i = j
        elif c == 'R' and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            d = text.index("(", i)
            delim = ")" + text[i + 2:d] + '"'
            j = text.index(delim, d) + len(delim)
            for k in range(i, j):
                if text[k] != "\n":
                    out[k] = '"' if k in (i, j - 1) else " "
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # digit separator 1'000
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            for k in range(i + 1, j):
                out[k] = " "
            out[i] = out[j] = '"' if c == '"' else "'"
            i = j + 1
        else:
            i += 1
    return "".join(out)


def match_paren(m, i):
    """Index of the bracket closing the one at m[i]."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack = []
    for j in range(i, len(m)):
        ch = m[j]
        if ch in pairs:
            stack.append(pairs[ch])
        elif ch in ")]}":
            if not stack or stack.pop() != ch:
                return -1
            if not stack:
                return j
    return -1


def enclosing_block_end(m, pos):
    """Index of the `}` closing the innermost block around m[pos] (the file's end at namespace level)."""
    depth = 0
    for j in range(pos - 1, -1, -1):
        if m[j] == "}":
            depth += 1
        elif m[j] == "{":
            if depth == 0:
                end = match_paren(m, j)
                return len(m) if end < 0 else end
            depth -= 1
    return len(m)


def split_arguments(m, start, end):
    """Spans (stripped) of the top-level comma-separated arguments in m[start:end]."""
    spans, depth, a = [], 0, start
    for j in range(start, end + 1):
        ch = m[j] if j < end else ","
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            piece = m[a:j]
            lead = len(piece) - len(piece.lstrip())
            spans.append((a + lead, a + len(piece.rstrip())))
            a = j + 1
    return [] if spans == [(start, start)] else spans


def depth_ok(m):
    """True when every bracket in m is balanced."""
    d = 0
    for ch in m:
        if ch in "([{":
            d += 1
        elif ch in ")]}":
            d -= 1
            if d < 0:
                return False
    return d == 0


OP_RE = re.compile(r"(<<=|>>=|<=|>=|==|!=|->|<<|>>|&&|\|\||\+\+|--|\+=|-=|\*=|/=|%=|[<>+\-*/%=])")
NUM_RE = re.compile(r"(?<![\w.'])(0[xX][0-9a-fA-F]+|\d+)([uUlL]*)(?![\w.'])")


def expr_mutations(orig, m, allow_aor=True, allow_neg=False, bare_const_ok=True):
    """Variants of an expression: list of (operator, description, mutated text)."""
    out = []
    texty = '"' in m or "'" in m or bool(TEXTY.search(m))
    for tok in OP_RE.finditer(m):
        op, a, b = tok.group(1), tok.start(), tok.end()
        if op in ROR:
            if op in "<>":
                # Only with spaces around (template brackets have none), not in a shift.
                if not (a > 0 and m[a - 1] == " " and b < len(m) and m[b] == " "):
                    continue
            for rep in ROR[op]:
                out.append(("ROR", f"{op} -> {rep}", orig[:a] + rep + orig[b:]))
        elif op in AOR and allow_aor:
            if not (a > 0 and m[a - 1] == " " and b < len(m) and m[b] == " "):
                continue  # unary minus, pointer *, etc.
            if texty and op in "+-":
                continue
            for rep in AOR[op]:
                out.append(("AOR", f"{op} -> {rep}", orig[:a] + rep + orig[b:]))
    for num in NUM_RE.finditer(m):
        a, b = num.start(1), num.end(1)
        lit, suffix = num.group(1), num.group(2)
        if not bare_const_ok and m.strip() == m[num.start():num.end()].strip():
            continue
        # Not an array index or a template argument: x[0], get<1>.
        before = m[:a].rstrip()
        after = m[num.end():].lstrip()
        if before.endswith("[") or before.endswith("<") and not before.endswith(" <") or after.startswith(">") and not m[num.end():].startswith(" "):
            continue
        hexa = lit[:2] in ("0x", "0X")
        value = int(lit, 16 if hexa else 10)
        for new, label in ((value + 1, "+1"), (value - 1, "-1"), (0, "to 0")):
            if new < 0 or new == value:
                continue
            if label == "to 0" and value in (1, -1):
                continue  # same as -1 for 1
            if label == "to 0" and (before.endswith("/") or before.endswith("%")):
                continue  # a division by zero does not compile warning-free
            if label == "+1" and value in (0xFF, 0xFFFF, 0xFFFFFFFF):
                continue  # past the field's type: a constant conversion that does not compile
            text = (f"0x{new:02X}" if hexa else str(new)) + suffix
            out.append(("CRP", f"{lit}{suffix} -> {text} ({label})", orig[:a] + text + orig[num.end():]))
    if allow_neg:
        out.append(("NEG", "condition negated", "!(" + orig + ")"))
    return out


def chain(ids_variants, orig, as_bool):
    cast = (lambda e: f"static_cast<bool>({e})") if as_bool else (lambda e: f"({e})")
    s = cast(orig)
    for mid, text in reversed(ids_variants):
        s = f"::ppp::sut::mutation::hit({mid}) ? {cast(text)} : {s}"
    return "(" + s + ")"


def one_line(s):
    return " ".join(s.split())


def generate(path_label, text, first_id):
    """Returns (new text, mutants). Mutants: dicts with id, file, line, operator, change, original, mutated."""
    m = mask(text)
    edits = []  # (start, end, replacement)
    mutants = []
    next_id = [first_id]

    def line_of(pos):
        return text.count("\n", 0, pos) + 1

    def add(kind, desc, pos, original, mutated):
        mid = next_id[0]
        next_id[0] += 1
        mutants.append({"id": mid, "file": path_label, "line": line_of(pos), "operator": kind, "change": desc,
                        "original": one_line(original), "mutated": one_line(mutated)})
        return mid

    taken = []  # spans already edited (no overlaps)
    uninitialized = []  # (name, declaration position, end of its block)
    for decl in UNINITIALIZED_DECL_RE.finditer(m):
        if VALUE_INITIALIZED_TYPE_RE.match(decl.group(1).strip()) and "*" not in decl.group(0):
            continue
        block_end = enclosing_block_end(m, decl.start(2))
        for name in decl.group(2).split(","):
            uninitialized.append((name.strip(" *&"), decl.start(2), block_end))

    def declared_uninitialized(name, pos):
        return any(n == name and d < pos < e for n, d, e in uninitialized)

    def free(a, b):
        return all(b <= x or a >= y for x, y in taken)

    # 1. if / while conditions.
    for kw in re.finditer(r"\b(if|while)\s*(constexpr\s*)?\(", m):
        if kw.group(2):
            continue
        open_ = kw.end() - 1
        close = match_paren(m, open_)
        if close < 0:
            continue
        cm, co = m[open_ + 1:close], text[open_ + 1:close]
        if ";" in cm or re.search(r"(?<![=!<>+\-*/%&|^])=(?!=)", cm) or re.match(r"\s*(auto|const)\b", cm):
            continue  # init-statement or declaration
        if "[" in cm and "]" in cm and "(" in cm and re.search(r"\[[^\]]*\]\s*\(", cm):
            continue  # lambda
        if not free(open_ + 1, close):
            continue
        variants = expr_mutations(co, cm, allow_neg=True)
        if not variants:
            continue
        ids = [(add(k, d, kw.start(), co, t), t) for k, d, t in variants]
        edits.append((open_ + 1, close, chain(ids, co, True)))
        taken.append((open_ + 1, close))

    # 2. return expressions.
    for kw in re.finditer(r"\breturn\b", m):
        j = kw.end()
        end = j
        d = 0
        while end < len(m):
            ch = m[end]
            if ch in "([{":
                d += 1
            elif ch in ")]}":
                d -= 1
                if d < 0:
                    break
            elif ch == ";" and d == 0:
                break
            end += 1
        if end >= len(m) or m[end] != ";":
            continue
        em, eo = m[j:end], text[j:end]
        if not em.strip() or "{" in em or "[" in em or '"' in em or not free(j, end):
            continue
        variants = expr_mutations(eo.strip(), em.strip(), bare_const_ok=False)
        if not variants:
            continue
        ids = [(add(k, d, kw.start(), eo.strip(), t), t) for k, d, t in variants]
        edits.append((j, end, " " + chain(ids, eo.strip(), False)))
        taken.append((j, end))

    # 3. One-line statements: deletion of a send, a timer start or an assignment; assignment RHS.
    pos = 0
    for line in m.split("\n"):
        start = pos
        pos += len(line) + 1
        s = line.strip()
        if not s.endswith(";") or s.count(";") != 1 or "{" in s or "}" in s or not depth_ok(s):
            continue
        if re.match(r"(return|case|default|break|continue|goto|using|typedef|static_assert|namespace|template|throw)\b", s):
            continue
        a = start + line.index(s[0])
        b = start + len(line.rstrip())  # after ';'
        if not free(a, b):
            continue
        orig_stmt = text[a:b]
        assign = re.match(r"([A-Za-z_][\w.\->\[\]()*]*)\s*(=|\+=|-=|\*=|/=|\|=|&=|\^=)\s*(?!=)", s)
        incdec = re.match(r"(\+\+|--)[A-Za-z_][\w.\->\[\]]*\s*;$|[A-Za-z_][\w.\->\[\]]*(\+\+|--)\s*;$", s)
        kind = None
        if SEND_RE.search(s) and not assign:
            kind = "DEL-SEND"
        elif TIMER_RE.search(s):
            kind = "DEL-TIMER"
        elif assign or incdec:
            if assign and "(" in assign.group(1) and not assign.group(1).endswith(")"):
                continue
            kind = "DEL-ASSIGN"
        if kind is None:
            continue
        # A deletion must not leave a declaration behind: the statement starts with a name that
        # is assigned or called, no type in front.
        head = s.split("(")[0].split("=")[0]
        if kind != "DEL-ASSIGN" and " " in head.strip() and not incdec:
            continue
        if kind == "DEL-ASSIGN" and assign and " " in assign.group(1):
            continue
        ids = []
        rhs_edit = None
        if assign:
            rm = m[a:b]
            ra = rm.index(assign.group(2), len(assign.group(1))) + len(assign.group(2))
            rhs_m, rhs_o = rm[ra:-1], orig_stmt[ra:-1]
            if rhs_m.strip() and "{" not in rhs_m and "[" not in rhs_m and '"' not in rhs_m:
                variants = expr_mutations(rhs_o.strip(), rhs_m.strip(), bare_const_ok=True)
                if variants:
                    rids = [(add(k, d, a, rhs_o.strip(), t), t) for k, d, t in variants]
                    rhs_edit = orig_stmt[:ra] + " " + chain(rids, rhs_o.strip(), False) + ";"
        body = rhs_edit if rhs_edit is not None else orig_stmt
        if kind == "DEL-ASSIGN" and assign and assign.group(2) == "=" and declared_uninitialized(assign.group(1), a):
            # Declared without an initializer: this assignment alone gives it a value, so it is
            # not deleted (its right-hand side is still mutated).
            if rhs_edit is not None:
                edits.append((a, b, body))
                taken.append((a, b))
            continue
        mid = add(kind, "statement deleted", a, orig_stmt, "")
        edits.append((a, b, "{ if (PPP_MUTANT_KEEP(" + str(mid) + ")) { " + body + " } }"))
        taken.append((a, b))

    # 4. Swapped arguments of the same type. A call inside a span edited above is swapped in that
    # edit's text (every copy of the call in a chain: only one mutant is active at a time).
    for call in re.finditer(r"\b(" + "|".join(SAME_TYPE_PARAMETERS) + r")\s*\(", m):
        open_ = call.end() - 1
        close = match_paren(m, open_)
        if close < 0:
            continue
        args = split_arguments(m, open_ + 1, close)
        s_call, e_call = call.start(), close + 1
        for i in SAME_TYPE_PARAMETERS[call.group(1)].get(len(args), ()):
            (a1, b1), (a2, b2) = args[i], args[i + 1]
            first, second = text[a1:b1], text[a2:b2]
            if m[a1:b1] != first or m[a2:b2] != second or first == second:
                continue  # masked text inside (a literal, a comment) or the same argument twice
            if not PLAIN_ARGUMENT_RE.match(first) or not PLAIN_ARGUMENT_RE.match(second):
                continue
            call_text = text[s_call:e_call]
            holder = [k for k, (ea, eb, _) in enumerate(edits) if ea <= s_call and e_call <= eb]
            if holder and call_text not in edits[holder[0]][2]:
                continue
            if not holder and not free(s_call, e_call):
                continue  # overlaps an edit without lying inside it
            swapped = text[s_call:a1] + second + text[b1:a2] + first + text[b2:e_call]
            mid = add("SWAP", f"arguments {i + 1} and {i + 2} swapped", s_call, call_text, swapped)
            hit = f"::ppp::sut::mutation::hit({mid})"
            schema = (text[s_call:a1] + f"({hit} ? ({second}) : ({first}))" + text[b1:a2] +
                      f"({hit} ? ({first}) : ({second}))" + text[b2:e_call])
            if holder:
                ea, eb, rep = edits[holder[0]]
                edits[holder[0]] = (ea, eb, rep.replace(call_text, schema))
            else:
                edits.append((s_call, e_call, schema))
                taken.append((s_call, e_call))
            break  # one pair per call: a second would have to be composed with the first

    out = text
    for a, b, rep in sorted(edits, key=lambda e: e[0], reverse=True):
        out = out[:a] + rep + out[b:]
    if mutants:
        # Mutants may compare an unsigned value with 0 or mix signs: legitimate mutants (often
        # equivalent ones), not defects of the generated code.
        out = ('#include "ppp/sut/mutation.hpp"  // mutant schemata (mutation/schemata.py)\n'
               '#pragma GCC diagnostic ignored "-Wtype-limits"\n'
               '#pragma GCC diagnostic ignored "-Wsign-conversion"\n' + out)
    mutants.sort(key=lambda x: x["id"])
    return out, mutants


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="directory for the mutated sources")
    ap.add_argument("--table", help="mutant table (JSON); default OUT/mutants.json")
    ap.add_argument("--root", default="", help="file names in the table are relative to this")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    table = []
    next_id = 1
    for f in args.files:
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        label = os.path.relpath(f, args.root) if args.root else f
        out, mutants = generate(label, text, next_id)
        next_id += len(mutants)
        table.extend(mutants)
        dest = os.path.join(args.out, os.path.basename(f))
        # Only rewrite a changed file: unchanged sources are not recompiled.
        old = None
        if os.path.exists(dest):
            with open(dest, encoding="utf-8") as fh:
                old = fh.read()
        if old != out:
            with open(dest, "w", encoding="utf-8") as fh:
                fh.write(out)
    tpath = args.table or os.path.join(args.out, "mutants.json")
    data = json.dumps({"mutants": table}, indent=1) + "\n"
    if not os.path.exists(tpath) or open(tpath, encoding="utf-8").read() != data:
        with open(tpath, "w", encoding="utf-8") as fh:
            fh.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
