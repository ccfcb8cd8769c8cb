#!/usr/bin/env python3
"""Unit tests of mutation/schemata.py: small C++ snippets in, expected schemata out."""
import glob
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import schemata  # noqa: E402


def ops(mutants):
    return [(m["operator"], m["change"]) for m in mutants]


class SchemataTest(unittest.TestCase):
    def test_condition_gets_relational_constant_and_negation_mutants(self):
        out, mutants = schemata.generate("f.cpp", "void f(int n) {\n    if (n < 3) g();\n}\n", 1)
        self.assertEqual(ops(mutants), [("ROR", "< -> <="), ("ROR", "< -> >"), ("CRP", "3 -> 4 (+1)"),
                                        ("CRP", "3 -> 2 (-1)"), ("CRP", "3 -> 0 (to 0)"), ("NEG", "condition negated")])
        self.assertTrue(all(m["line"] == 2 for m in mutants))
        self.assertIn("if ((::ppp::sut::mutation::hit(1) ? static_cast<bool>(n <= 3) : ::ppp::sut::mutation::hit(2) ? "
                      "static_cast<bool>(n > 3) :", out)
        self.assertIn("::ppp::sut::mutation::hit(6) ? static_cast<bool>(!(n < 3)) : static_cast<bool>(n < 3)))", out)
        self.assertTrue(out.startswith('#include "ppp/sut/mutation.hpp"'))

    def test_ids_start_where_asked(self):
        _, mutants = schemata.generate("f.cpp", "bool f(int a, int b) { return a == b; }\n", 40)
        self.assertEqual([(m["id"], m["operator"], m["mutated"]) for m in mutants], [(40, "ROR", "a != b")])

    def test_send_timer_and_assignment_deletion(self):
        src = "void f() {\n    send_frame(x);\n    restart_timer(now);\n    counter_ = limit - 1;\n    int kept = 2;\n}\n"
        out, mutants = schemata.generate("f.cpp", src, 1)
        kinds = [m["operator"] for m in mutants]
        self.assertIn("DEL-SEND", kinds)
        self.assertIn("DEL-TIMER", kinds)
        self.assertIn("DEL-ASSIGN", kinds)
        self.assertIn("{ if (PPP_MUTANT_KEEP(1)) { send_frame(x); } }", out)
        self.assertIn("int kept = 2;", out)  # a declaration is never deleted nor mutated
        self.assertIn("counter_ = (::ppp::sut::mutation::hit(", out)
        self.assertIn(("AOR", "- -> +"), ops(mutants))

    def test_assignment_to_a_variable_declared_without_initializer_is_not_deleted(self):
        # Deleting `ok = ...` after `bool ok;` leaves ok indeterminate (-Wmaybe-uninitialized, UB).
        src = ("void f(int a) {\n    bool ok;\n    int x, y;\n    if (a) {\n        ok = a == 1;\n    } else {\n"
               "        ok = false;\n    }\n    x = 2;\n    y += 3;\n    counter_ = 4;\n    g(ok, x, y);\n}\n")
        out, mutants = schemata.generate("f.cpp", src, 1)
        deleted = [m["original"] for m in mutants if m["operator"] == "DEL-ASSIGN"]
        self.assertEqual(deleted, ["y += 3;", "counter_ = 4;"])
        self.assertIn("        ok = false;\n", out)
        self.assertIn("ok = (::ppp::sut::mutation::hit(", out)  # its right-hand side is still mutated
        self.assertIn(("ROR", "== -> !="), ops(mutants))
        self.assertIn("    x = (::ppp::sut::mutation::hit(", out)
        self.assertNotIn("KEEP(" + str(mutants[-1]["id"] + 1), out)

    def test_uninitialized_declaration_protects_only_its_own_block_and_scalar_like_types(self):
        src = ("void f() {\n    Millis t;\n    t = now();\n    g(t);\n}\nvoid h() {\n    bool t = false;\n"
               "    t = now();\n    std::string name;\n    name = other;\n    g(t, name);\n}\n")
        _, mutants = schemata.generate("f.cpp", src, 1)
        self.assertEqual([(m["line"], m["original"]) for m in mutants if m["operator"] == "DEL-ASSIGN"],
                         [(8, "t = now();"), (10, "name = other;")])

    def test_comments_strings_preprocessor_and_templates_untouched(self):
        src = ('#if X < 2\n#endif\n// if (a < b) x = 1;\nstd::string f() {\n'
               '    if (v.size() != 0 && std::get<0>(t)) return "a < b";\n    return name + "x";\n}\n')
        out, mutants = schemata.generate("f.cpp", src, 1)
        self.assertTrue(all(m["line"] == 5 for m in mutants))
        self.assertIn("#if X < 2\n", out)
        self.assertIn("// if (a < b) x = 1;", out)
        self.assertIn('return "a < b";', out)
        self.assertIn('return name + "x";', out)  # text: no arithmetic replacement, no string literal in a chain
        self.assertNotIn("std::get<1>", out)
        self.assertIn(("ROR", "!= -> =="), ops(mutants))

    def test_declarations_in_conditions_and_if_constexpr_skipped(self):
        src = "void f() {\n    if (auto p = g(); p < 2) h();\n    if constexpr (N > 1) h();\n    while (x = next()) h();\n}\n"
        out, mutants = schemata.generate("f.cpp", src, 1)
        self.assertEqual(mutants, [])
        self.assertEqual(out, src)

    def test_byte_limits_and_division(self):
        _, mutants = schemata.generate("f.cpp", "int f(int a) { return a / 4 + 0xFF; }\n", 1)
        changes = [m["change"] for m in mutants]
        self.assertNotIn("4 -> 0 (to 0)", changes)
        self.assertNotIn("0xFF -> 0x100 (+1)", changes)
        self.assertIn("0xFF -> 0xFE (-1)", changes)

    def test_same_typed_arguments_swapped_where_both_are_plain(self):
        src = ("void R::f() {\n    route(now, reply, config_.bri.ip_address, to, interesting(reply));\n"
               "    if (!place_call(now, m->number, m->name, DialReason::Traffic, reason, false, 0)) return;\n"
               '    log_packet(now, "LCP", true, 2, p.value().identifier, len, st, nullptr);\n'
               "    link.start_cbcp_server(now, a, a);\n    start_cbcp_server(now, types);\n}\n"
               "bool R::place_call(Millis now, const std::string& number, const std::string& name) { return g(); }\n")
        out, mutants = schemata.generate("f.cpp", src, 1)
        swaps = [(m["line"], m["change"], m["mutated"]) for m in mutants if m["operator"] == "SWAP"]
        # Not: a literal argument (log_packet), the same argument twice, the other overload's
        # arity (start_cbcp_server with a vector), a declaration.
        self.assertEqual(swaps, [
            (2, "arguments 3 and 4 swapped", "route(now, reply, to, config_.bri.ip_address, interesting(reply))"),
            (3, "arguments 2 and 3 swapped", "place_call(now, m->name, m->number, DialReason::Traffic, reason, false, 0)")])
        route_id = next(m["id"] for m in mutants if m["operator"] == "SWAP")
        hit = f"::ppp::sut::mutation::hit({route_id})"
        self.assertIn(f"route(now, reply, ({hit} ? (to) : (config_.bri.ip_address)), ({hit} ? (config_.bri.ip_address) : (to)), ", out)
        # Inside the condition's chain: swapped in every copy of the call, beside the NEG and CRP mutants.
        self.assertEqual(out.count("(::ppp::sut::mutation::hit(" + str(route_id + 1) + ") ? (m->name) : (m->number))"), 2)
        self.assertIn(("NEG", "condition negated"), ops(mutants))

    def test_same_type_parameters_match_their_declarations(self):
        # Every SWAP entry names a declared function whose parameters i and i + 1 share a type.
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
        headers = "".join(open(f, encoding="utf-8").read()
                          for f in glob.glob(os.path.join(root, "sut", "include", "ppp", "sut", "*.hpp")))
        headers = re.sub(r"//[^\n]*", "", headers)
        for name, by_arity in schemata.SAME_TYPE_PARAMETERS.items():
            declared = {}
            for d in re.finditer(r"\b" + name + r"\s*\(([^()]*)\)", headers):
                types = [re.sub(r"\s+", " ", re.sub(r"\w+$", "", p.split("=")[0].strip())).strip()
                         for p in d.group(1).split(",")]
                declared.setdefault(len(types), []).append(types)
            for arity, positions in by_arity.items():
                self.assertIn(arity, declared, f"{name} with {arity} parameters is not declared")
                for types in declared[arity]:
                    for i in positions:
                        self.assertEqual(types[i], types[i + 1], f"{name}: parameters {i}, {i + 1}: {types}")

    def test_no_mutant_leaves_the_file_alone(self):
        src = "int f() { return g(); }\n"
        self.assertEqual(schemata.generate("f.cpp", src, 1), (src, []))


if __name__ == "__main__":
    unittest.main()
