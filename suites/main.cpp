// ppp-conform: the command line. A thin main: parses arguments (CLI11), reads files and standard
// input, and hands plain values to the suites library. Exit codes (DESIGN.md section 9):
// 0 all pass, 1 some fail, 2 usage or configuration error, 3 harness or adapter error.
#include <cstdio>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>

#include "ppp/adapters/capture_file.hpp"
#include "ppp/adapters/scenario_file.hpp"
#include "ppp/suites/decode.hpp"

namespace {

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;

struct DecodeArgs {
    std::vector<std::string> hex;
    std::string pcap;
    std::string framing = "auto";
    bool json = false;
};

// Prints every frame; returns the exit code: 0 all frames decoded with good FCS, 1 some frame is
// malformed or has a bad FCS, 2 the input itself is unusable (not hex, unreadable capture).
int run_decode(const DecodeArgs& args) {
    ppp::suites::DecodeOptions options;
    if (!ppp::suites::parse_input_framing(args.framing, options.framing)) {
        std::cerr << "ppp-conform decode: --framing " << args.framing
                  << " is not accepted (auto, async, sync, body, q931)\n";
        return kExitUsage;
    }
    options.json = args.json;
    ppp::suites::FrameDecoder decoder(options);
    std::vector<ppp::suites::FrameLine> lines;
    std::string error;
    bool problem = false;
    auto flush = [&] {
        for (const auto& line : lines) {
            problem = problem || line.problem();
            std::cout << decoder.render(line) << '\n';
        }
        lines.clear();
    };

    if (!args.pcap.empty()) {
        auto reader = ppp::adapters::PcapReader::open(args.pcap, error);
        if (!reader) {
            std::cerr << "ppp-conform decode: " << error << '\n';
            return kExitUsage;
        }
        std::size_t n = 0;
        while (auto packet = reader->next()) {
            ++n;
            if (!decoder.decode_captured(reader->linktype(), packet->data,
                                         args.pcap + " packet " + std::to_string(n), lines, error)) {
                std::cerr << "ppp-conform decode: " << error << '\n';
                return kExitUsage;
            }
            flush();
        }
        if (!reader->error().empty()) {
            std::cerr << "ppp-conform decode: " << args.pcap << ": " << reader->error() << '\n';
            return kExitUsage;
        }
    } else if (!args.hex.empty()) {
        // Arguments together are one frame or one async stream ("7e ff 03 ..." split by the shell).
        std::string joined;
        for (const auto& word : args.hex) joined += word + ' ';
        if (!decoder.decode_hex(joined, "arguments", lines, error)) {
            std::cerr << "ppp-conform decode: " << error << '\n';
            return kExitUsage;
        }
        flush();
    } else {
        std::string text;
        std::size_t line_number = 0;
        while (std::getline(std::cin, text)) {
            ++line_number;
            if (text.empty() || text[0] == '#') continue;
            if (!decoder.decode_hex(text, "stdin line " + std::to_string(line_number), lines, error)) {
                std::cerr << "ppp-conform decode: " << error << '\n';
                return kExitUsage;
            }
            flush();
        }
    }
    return problem ? kExitFail : kExitPass;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ppp-conform: conformance harness for PPP Callback (RFC 1570, MS-CBCP) and "
                 "Cisco dial-on-demand routing over ISDN BRI"};
    app.require_subcommand(1);
    int exit_code = kExitPass;

    DecodeArgs decode_args;
    auto* decode = app.add_subcommand(
        "decode", "Decode PPP frames (hex or a pcap file) into one line per frame in RFC vocabulary");
    decode->add_option("hex", decode_args.hex,
                       "Frame octets in hex; without them, one frame (or async stream) per line "
                       "of standard input");
    decode->add_option("--pcap", decode_args.pcap,
                       "Read a capture (link types 9, 50, 204 for PPP; 203, 177 for Q.931)");
    decode->add_option("--framing", decode_args.framing,
                       "How hex input is framed: auto, async (7E flags, octet-stuffed), sync "
                       "(with FCS-16), body (no FCS), q931")
        ->capture_default_str();
    decode->add_flag("--json", decode_args.json, "One JSON object per frame");
    decode->callback([&] { exit_code = run_decode(decode_args); });

    std::string scenario_path;
    auto* simulate = app.add_subcommand(
        "simulate", "Run a scenario on the reference implementation (routers + ISDN network) in "
                    "virtual time; print the timeline, show output and billing");
    simulate->add_option("scenario", scenario_path, "Scenario file (format: sut/README-scenario.md)")
        ->required();
    simulate->callback([&] {
        const auto result = ppp::adapters::simulate_scenario_file(scenario_path);
        if (!result.ok) {
            std::cerr << "ppp-conform simulate: " << result.error << '\n';
            exit_code = kExitUsage;
            return;
        }
        std::cout << result.text;
        exit_code = kExitPass;
    });

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);  // prints the one-line reason and the usage
        return kExitUsage;
    }
    return exit_code;
}
