// `ppp-conform check`: judge what a lab already recorded (issue #16) with the oracle of `run`:
// pcap captures, pppd debug logs and Cisco IOS debug transcripts.
#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "ppp/adapters/capture_file.hpp"
#include "ppp/adapters/recording.hpp"
#include "ppp/reports/junit.hpp"
#include "ppp/reports/redact.hpp"
#include "ppp/reports/report_stream.hpp"
#include "ppp/spec/catalog.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/check.hpp"
#include "ppp/suites/decode.hpp"
#include "ppp/suites/intent.hpp"
#include "ppp/suites/lab.hpp"

namespace ppp::cli {
namespace {
namespace rec = adapters::recording;

struct CheckArgs {
    std::vector<std::string> files;
    std::string format = "auto";
    std::string profile = "cisco-ios";
    std::string pixit;
    std::string role = "auto";
    std::string sut = "recorder";
    std::string recorder;
    std::string configure;
    std::string first_sender;  // sut, peer, "" (not told)
    std::string sut_magic;     // hex, "" (not told)
    std::vector<std::int64_t> offsets_ms;
    std::string junit;
    std::string report_dir;
    bool strict = false;
    bool quiet = false;
};

constexpr std::size_t kSniffBytes = 8192;
// Text recordings are merged by time, so each is held whole: bounded, well above a day of debug.
constexpr std::size_t kMaxTextBytes = std::size_t{64} << 20;

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + shown(name);
    return out;
}


struct Loaded {
    std::vector<std::vector<rec::Record>> texts;
    std::vector<std::string> text_names;            // each text file's name as the summaries give it
    std::vector<suites::RecordedMessage> captured;  // captures, on their own (epoch) clock
    std::vector<std::int64_t> captured_us;          // their stamps, for the order within a millisecond
    bool from_run = false;                          // `run`'s evidence (its section comment says so)
    std::string untold;  // the first PPP frame whose sender could not be told, "" when none
    std::string evidence_plan;                      // and the plan its comment names,
    std::optional<model::Role> evidence_role;       // the SUT's role in that run,
    std::optional<bool> evidence_call_control;      // and whether its attachment had call control
    std::set<int> linktypes;                        // of every capture's interfaces: the channels watched
    std::optional<std::int64_t> capture_end_us;     // the latest end of capture a file states
    std::vector<std::string> summaries;             // one line per file
};

// Reads one file into `loaded`; "" or one line saying why it cannot be used.
std::string load_file(const std::string& path, const std::string& format, Loaded& loaded, suites::SutSide sut,
                      const suites::SideClues& clues) {
    SniffedInput input;
    if (!open_sniffed(path, kSniffBytes, input)) return input.name + " cannot be read";
    const bool from_stdin = path == "-";
    const std::string& name = input.name;
    std::istream& source = *input.in;
    const std::string& head = input.head;

    const bool capture = format == "pcap" || (format == "auto" && adapters::capture_format(head).has_value());
    if (capture) {
        if (from_stdin) return "standard input: a capture is read from a file only (accepted for -: pppd-log, ios-debug)";
        std::string error;
        auto reader = adapters::CaptureReader::open(path, error);
        if (!reader) return error;
        namespace lt = adapters::linktype;
        const bool told = clues.first_is_sut || clues.sut_magic;
        if (const auto type = reader->file_linktype()) {
            const bool undirected = *type == lt::kPpp || *type == lt::kPppSerial;
            if (undirected && !told)
                return name + ": pcap link type " + std::to_string(*type) +
                       " records no direction (accepted with --first-sender sut|peer or --sut-magic HEX, which tell "
                       "the SUT's frames)";
            if (!undirected && *type != lt::kPppWithDir && *type != lt::kLapd && *type != lt::kLinuxLapd)
                return name + ": pcap link type " + std::to_string(*type) +
                       " is not judged (accepted: 204 PPP with direction, 203 LAPD, 177 Linux LAPD; 9 and 50 with "
                       "--first-sender or --sut-magic)";
        }
        suites::FrameSides sides(clues);
        std::size_t frames = 0;
        std::map<std::string, std::size_t> skipped;  // why -> how many
        while (auto packet = reader->next()) {
            ++frames;
            std::string why;
            std::optional<bool> recorder_sent;
            if (packet->direction == adapters::CaptureDirection::Outbound) recorder_sent = true;
            if (packet->direction == adapters::CaptureDirection::Inbound) recorder_sent = false;
            const bool ppp = packet->linktype == lt::kPpp || packet->linktype == lt::kPppSerial;
            if (ppp && !recorder_sent && told) {
                // No direction recorded: the frame's own content tells its end, or it is not judged.
                const auto frame = wire::PortMessage::b_frame(
                    model::Millis{0}, wire::Direction::ToSut, 1,
                    packet->linktype == lt::kPpp ? wire::sync_encode(packet->data) : packet->data);
                if (const auto from_sut = sides.from_sut(frame, why)) {
                    recorder_sent = *from_sut == (sut == suites::SutSide::Recorder);
                } else {
                    if (loaded.untold.empty()) loaded.untold = name + " frame " + std::to_string(packet->frame);
                    ++skipped[why];
                    continue;
                }
            }
            // `run` names its B-channels' interfaces B1 and B2; others are taken as B1.
            const int channel = packet->interface_name == "B2" ? 2 : 1;
            // On the capture's own clock: captures of one session share it (made zero once all are read).
            auto recorded = suites::captured_message(packet->linktype, packet->data, model::Millis{packet->time_us / 1000},
                                                     sut, why, recorder_sent, channel);
            if (!recorded) {
                ++skipped[why];
                continue;
            }
            loaded.captured_us.push_back(packet->time_us);
            recorded->where = name + " frame " + std::to_string(packet->frame);
            loaded.captured.push_back(std::move(*recorded));
        }
        if (frames == 0 && !reader->error().empty()) return reader->error();
        for (const int type : reader->linktypes()) loaded.linktypes.insert(type);
        if (const auto end = reader->capture_end_us())
            loaded.capture_end_us = std::max(loaded.capture_end_us.value_or(*end), *end);
        if (const auto facts = suites::evidence_facts_of(reader->section_comment())) {
            loaded.from_run = true;
            if (loaded.evidence_plan.empty()) loaded.evidence_plan = facts->plan;
            if (!loaded.evidence_role) loaded.evidence_role = facts->role;
            if (!loaded.evidence_call_control) loaded.evidence_call_control = facts->call_control;
        }
        std::string summary = name + (reader->format() == adapters::CaptureFormat::Pcapng ? ": pcapng, " : ": pcap, ") +
                              std::to_string(frames) + " frames";
        for (const auto& [why, count] : skipped) summary += ", " + std::to_string(count) + " not judged (" + why + ")";
        if (!reader->error().empty()) summary += "; read stopped: " + reader->error() + " (judged as far as read)";
        if (!reader->truncation().empty()) summary += "; " + reader->truncation() + " (judged as far as read)";
        loaded.summaries.push_back(summary);
        return "";
    }

    rec::RecordingFormat text_format = rec::RecordingFormat::Unknown;
    if (format == "pppd-log") text_format = rec::RecordingFormat::PppdLog;
    else if (format == "ios-debug") text_format = rec::RecordingFormat::IosDebug;
    else text_format = rec::sniff_format(head);
    if (text_format == rec::RecordingFormat::Unknown)
        return name + ": no line of its first 8 KiB is of a known format (accepted: a pcap capture, a pppd debug log, a "
                      "Cisco IOS debug transcript)";
    // The head already read, then the rest.
    std::string text = head;
    std::array<char, 64 * 1024> buffer{};
    while (source.read(buffer.data(), buffer.size()) || source.gcount() > 0) {
        text.append(buffer.data(), static_cast<std::size_t>(source.gcount()));
        if (text.size() > kMaxTextBytes)
            return name + " is larger than " + std::to_string(kMaxTextBytes >> 20) +
                   " MiB (accepted: a text recording up to that size; split a longer one by session)";
    }
    if (source.bad()) return name + " cannot be read";
    std::istringstream in(text);
    auto reader = rec::make_reader(text_format, in, from_stdin ? "stdin" : path.substr(path.find_last_of('/') + 1));
    loaded.texts.push_back(rec::read_all(*reader));
    loaded.text_names.push_back(name);
    const rec::ReadStats& s = reader->stats();
    if (s.recognised == 0) return name + ": no line is of the " + std::string(rec::format_name(text_format)) + " format";
    loaded.summaries.push_back(name + ": " + rec::format_name(text_format) + ", " + std::to_string(s.lines) + " lines, " +
                               std::to_string(s.recognised) + " recognised, " + std::to_string(s.skipped) + " skipped, " +
                               std::to_string(s.records) + " records");
    return "";
}

// Text files of one session may be one recorder's (a log in parts) or two ends' logs. A file that
// logs a packet another file logs from the other end is the other end's: lines that name no
// recorder are given their file's name (so `--recorder` picks one end and the two are never
// judged as one), and without an --offset for it its clock is set by that packet's two stamps.
// Returns the offsets to merge with; adds a summary line per file so recognised.
std::vector<std::int64_t> align_other_ends(Loaded& loaded, std::vector<std::int64_t> offsets) {
    const std::size_t given = offsets.size();
    offsets.resize(loaded.texts.size(), 0);
    const auto unnamed = [](const std::vector<rec::Record>& file) {
        return std::all_of(file.begin(), file.end(), [](const rec::Record& r) { return r.recorder.empty(); });
    };
    for (std::size_t i = 1; i < loaded.texts.size(); ++i) {
        for (std::size_t k = 0; k < i; ++k) {
            const auto shared = rec::first_shared_packet(loaded.texts[k], loaded.texts[i]);
            if (!shared) continue;
            const rec::Record& here = loaded.texts[i][shared->b];
            const rec::Record& there = loaded.texts[k][shared->a];
            std::string summary = loaded.text_names[i] + ": the other end's log (" + here.source.file + " line " +
                                  std::to_string(here.source.line) + " is " + there.source.file + " line " +
                                  std::to_string(there.source.line) + ")";
            if (i >= given && here.time && there.time) {
                offsets[i] = (there.time->ms + offsets[k]) - here.time->ms;
                summary += ", its clock set " + std::to_string(offsets[i]) + " ms by that packet";
            }
            loaded.summaries.push_back(summary);
            // Named as the lines' own source names the file; by the path as given when both share it.
            const bool same_base = there.source.file == here.source.file;
            for (const std::size_t f : {k, i})
                if (unnamed(loaded.texts[f]))
                    for (rec::Record& r : loaded.texts[f]) r.recorder = same_base ? loaded.text_names[f] : r.source.file;
            break;
        }
    }
    return offsets;
}

// The configuration intents of `plan` applied to the PIXIT and profile, as `run` applies them.
std::vector<suites::IntentRecord> configure(suites::CheckSetup& setup, const std::vector<suites::Intent>& plan) {
    suites::LabSetup lab;
    lab.parameters = setup.parameters;
    lab.profile = setup.profile;
    lab.bench.sut_role = setup.role;
    std::vector<suites::IntentRecord> applied;
    suites::apply_configuration_intents(lab, plan, applied);
    setup.parameters = lab.parameters;
    setup.profile = lab.profile;
    return applied;
}

// The names of the intents that configure the routers (those `configure` applies).
std::string configuration_intents(const suites::CheckSetup& setup) {
    std::string names;
    for (const suites::IntentInfo& info : suites::all_intents()) {
        suites::CheckSetup scratch = setup;
        suites::Intent probe;
        probe.kind = info.kind;
        probe.arg = info.min;
        if (!configure(scratch, {probe}).empty()) names += (names.empty() ? "" : ", ") + std::string(info.name);
    }
    return names;
}

std::vector<reports::CaseResult> junit_cases(const suites::CheckResult& result) {
    std::vector<reports::CaseResult> cases;
    for (const suites::RequirementResult& r : result.requirements) {
        reports::CaseResult c;
        c.suite = "check";
        c.id = r.id;
        if (const spec::Requirement* row = spec::find(r.id)) c.title = row->text;
        c.verdict = r.verdict == suites::RequirementVerdict::Fail     ? reports::Verdict::Fail
                    : r.verdict == suites::RequirementVerdict::Inconc ? reports::Verdict::Inconc
                                                                      : reports::Verdict::Pass;
        c.message = r.reason;
        for (const std::size_t i : r.findings) {
            const suites::CheckFinding& f = result.findings[i];
            c.detail += f.where + ": " + f.explanation + (f.inconclusive.empty() ? "" : " (inconc: " + f.inconclusive + ")") + '\n';
        }
        c.requirements = {r.id};
        cases.push_back(std::move(c));
    }
    return cases;
}

int run_check(const CheckArgs& args) {
    const auto refuse = [](const std::string& why) {
        std::cerr << "ppp-conform check: " << why << '\n';
        return kExitUsage;
    };
    if (std::count(args.files.begin(), args.files.end(), "-") > 1) return refuse("- (standard input) given twice");
    if (args.offsets_ms.size() > args.files.size())
        return refuse("--offset given " + std::to_string(args.offsets_ms.size()) + " times for " +
                      std::to_string(args.files.size()) + " files (accepted: at most one per file, in file order)");
    if (!args.junit.empty())
        if (const std::string problem = check_output_file("--junit", args.junit); !problem.empty()) return refuse(problem);
    if (!args.report_dir.empty())
        if (const std::string problem = prepare_output_dir("--report-dir", args.report_dir); !problem.empty())
            return refuse(problem);
    suites::CheckSetup setup;
    std::string error;
    if (!load_profile_arg(args.profile, setup.profile, error)) return refuse(error);
    if (!load_pixit_arg(args.pixit, "default", setup.parameters, error)) return refuse(error);
    const suites::SutSide sut = args.sut == "peer" ? suites::SutSide::Peer : suites::SutSide::Recorder;
    suites::SideClues clues;
    if (!args.first_sender.empty()) clues.first_is_sut = args.first_sender == "sut";
    if (!args.sut_magic.empty()) clues.sut_magic = static_cast<std::uint32_t>(std::stoul(args.sut_magic, nullptr, 16));

    Loaded loaded;
    for (const auto& path : args.files)
        if (const std::string problem = load_file(path, args.format, loaded, sut, clues); !problem.empty())
            return refuse(problem);
    if (!loaded.texts.empty() && !loaded.captured.empty())
        return refuse("captures and text recordings given together (accepted: captures only, or text recordings only)");

    {  // Several captures of one session on one time line, by their microsecond stamps.
        std::vector<std::size_t> order(loaded.captured.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return loaded.captured_us[a] < loaded.captured_us[b]; });
        std::vector<suites::RecordedMessage> sorted;
        sorted.reserve(order.size());
        for (const std::size_t i : order) sorted.push_back(std::move(loaded.captured[i]));
        loaded.captured = std::move(sorted);
    }
    model::Millis capture_end{0};
    if (!loaded.captured.empty()) {
        const model::Millis zero = loaded.captured.front().message.at;
        for (auto& m : loaded.captured) m.message.at -= zero;
        capture_end = loaded.captured.back().message.at;
        if (loaded.capture_end_us) capture_end = std::max(capture_end, model::Millis{*loaded.capture_end_us / 1000} - zero);
        suites::resolve_answers(loaded.captured);
    }
    std::vector<rec::Record> records;
    if (!loaded.texts.empty()) {
        const std::vector<std::int64_t> offsets = align_other_ends(loaded, args.offsets_ms);
        records = rec::merge_by_time(std::move(loaded.texts), offsets);
    }
    // One file may hold several routers' lines (`simulate` prefixes each with its router): one is judged.
    std::vector<std::string> recorders;
    for (const rec::Record& r : records)
        if (!r.recorder.empty() && std::find(recorders.begin(), recorders.end(), r.recorder) == recorders.end())
            recorders.push_back(r.recorder);
    if (!args.recorder.empty()) {
        if (std::find(recorders.begin(), recorders.end(), args.recorder) == recorders.end())
            return refuse("--recorder " + shown(args.recorder) + " names no recorder of the recording (accepted: " +
                          (recorders.empty() ? std::string("none: its lines name no router") : join(recorders)) + ")");
        records.erase(std::remove_if(records.begin(), records.end(),
                                     [&](const rec::Record& r) { return r.recorder != args.recorder; }),
                      records.end());
    } else if (recorders.size() > 1) {
        return refuse("the recording holds the lines of " + std::to_string(recorders.size()) + " routers (" +
                      join(recorders) + "): give --recorder NAME");
    }

    std::string role_source = "--role";
    if (args.role == "client") setup.role = model::Role::Client;
    else if (args.role == "server") setup.role = model::Role::Server;
    else if (loaded.evidence_role && sut == suites::SutSide::Recorder) {
        // `run`'s evidence says which role its SUT played: no packet needs to tell it.
        setup.role = *loaded.evidence_role;
        role_source = "the capture's comment: the run's SUT";
    } else if (const auto evidence = suites::infer_role(records, sut)) {
        setup.role = evidence->role;
        role_source = evidence->why;
    } else if (const auto from_capture = suites::infer_role(loaded.captured)) {
        setup.role = from_capture->role;
        role_source = from_capture->why;
    } else {
        return refuse("the SUT's role cannot be told from the recording (no call placed, no Callback option, no CBCP, no "
                      "callback line): give --role client or --role server");
    }
    std::string configuration_source;
    if (args.configure.empty() && !loaded.evidence_plan.empty()) {
        // `run`'s evidence names the plan that ran: its configuration intents are the session's.
        const suites::IntentParse parsed = suites::parse_plan(loaded.evidence_plan);
        if (!parsed.ok) return refuse("the capture's comment names a plan that does not parse: " + parsed.error);
        const std::vector<suites::IntentRecord> applied = configure(setup, parsed.plan);
        for (const auto& r : applied)
            if (r.applied) configuration_source += (configuration_source.empty() ? "" : "; ") + suites::to_text(r.intent);
        if (!configuration_source.empty()) configuration_source = "configuration from the capture's plan: " + configuration_source;
    }
    if (!args.configure.empty()) {
        // The configuration the recorded session ran with, as `run`'s configuration intents state it.
        const suites::IntentParse parsed = suites::parse_plan(args.configure);
        if (!parsed.ok) return refuse("--configure: " + parsed.error);
        const std::vector<suites::IntentRecord> applied = configure(setup, parsed.plan);
        for (const auto& intent : parsed.plan) {
            const auto it = std::find_if(applied.begin(), applied.end(), [&](const auto& r) { return r.intent == intent; });
            if (it == applied.end())
                return refuse("--configure: " + shown(suites::to_text(intent)) +
                              " is not a configuration intent (accepted: " + configuration_intents(setup) + ")");
            if (!it->applied) return refuse("--configure: " + shown(suites::to_text(intent)) + " does not apply: " + it->note);
        }
    }
    if (!setup.profile.supports(setup.role))
        return refuse("profile " + setup.profile.name + " has no " +
                      (setup.role == model::Role::Client ? "client" : "server") + " role (" + role_source + ")");

    suites::CheckResult result;
    if (!loaded.captured.empty()) {
        // Microsecond stamps read as milliseconds: a delay between two of them is off by less than
        // one. `run`'s own evidence is virtual time, whole milliseconds exactly (the microseconds
        // only keep one millisecond's order): nothing to widen there.
        setup.stamp_resolution = model::Millis{loaded.from_run ? 0 : 1};
        setup.crossing = model::resolve_tolerance(setup.parameters, setup.profile).crossing;
        // A capture shows everything on the channels it watched, silence included.
        namespace lt = adapters::linktype;
        const auto watched = [&](std::initializer_list<int> types) {
            return std::any_of(types.begin(), types.end(), [&](int t) { return loaded.linktypes.count(t) > 0; });
        };
        std::set<std::uint16_t> protocols;
        if (watched({lt::kPpp, lt::kPppSerial, lt::kPppWithDir}))
            protocols = {wire::proto::kLcp, wire::proto::kIpcp, wire::proto::kPap, wire::proto::kChap, wire::proto::kCbcp};
        // `run`'s file declares its D interface whatever the attachment could carry: a line with
        // no call control (a pty, a serial device) is up from the start, as the run judged it.
        setup.call_control = watched({lt::kLapd, lt::kLinuxLapd}) && loaded.evidence_call_control.value_or(true);
        const bool lan = watched({lt::kIpv4, lt::kRaw});
        suites::RecordingJudge judge(setup);
        judge.distrust_unshown(protocols, setup.call_control, lan);
        if (!loaded.untold.empty()) {
            // The PPP automata missed a step (a phase, an answer): every rule reading the link is
            // in doubt from there; only Q.931's own rules stand on what was captured whole.
            std::set<std::string> families;
            for (const spec::Requirement& row : spec::catalog()) families.insert(row.id.substr(0, row.id.find('-')));
            families.erase("ISDN");
            for (const auto& family : families)
                judge.distrust(family, "the sender of " + loaded.untold + " (PPP without direction) is not told");
        }
        for (auto& m : loaded.captured) judge.judge(std::move(m));
        result = judge.finish(capture_end);
    } else {
        setup.stamp_resolution = suites::coarsest_stamp(records);
        setup.call_control = suites::has_call_control(records);
        result = suites::check_records(records, setup, sut);
    }

    TerminalOutput out("check");
    out.print([&] {
        for (const auto& summary : loaded.summaries) std::cout << summary << '\n';
        std::cout << "SUT: the " << (sut == suites::SutSide::Recorder ? "recorder" : "recorder's peer") << ", role "
                  << (setup.role == model::Role::Client ? "client" : "server") << " (" << role_source << "), profile "
                  << setup.profile.name << ", PIXIT " << setup.parameters.source << '\n';
        if (!configuration_source.empty()) std::cout << configuration_source << '\n';
        if (!args.quiet) std::cout << suites::render_check(result);
        std::cout << result.count(suites::RequirementVerdict::Pass) << " passed, "
                  << result.count(suites::RequirementVerdict::Fail) << " failed, "
                  << result.count(suites::RequirementVerdict::Inconc) << " inconclusive requirements; "
                  << result.messages << " messages judged (" << result.incomplete << " printed in part), "
                  << result.unjudged << " other records shown\n";
    });
    reports::RunInfo info;
    info.name = "ppp-conform check";
    info.timestamp = utc_timestamp();
    info.properties = {{"harness_version", kHarnessVersion}, {"profile", setup.profile.name}};
    info.secrets = setup.parameters.secret_values();
    if (!args.junit.empty()) {
        if (!write_atomically(args.junit, reports::render_junit(info, junit_cases(result)), error)) {
            std::cerr << "ppp-conform check: " << error << '\n';
            return kExitError;
        }
    }
    if (!args.report_dir.empty()) {
        // The conformance report as `run` writes it, one case per requirement the recording
        // exercised, and the annotated timeline beside it (secrets redacted in both).
        const std::string role = setup.role == model::Role::Client ? "client" : "server";
        reports::ReportInput input;
        input.run = info;
        input.sut_identity = {{"name", "a recording"},
                              {"implementation", std::string("the ") + (sut == suites::SutSide::Recorder ? "recorder" : "recorder's peer") +
                                                     " of " + std::to_string(args.files.size()) + " file(s), role " + role +
                                                     " (" + role_source + ")"}};
        input.pics = {{"profile", setup.profile.name}};
        if (!configuration_source.empty()) input.pics.push_back({"configuration", configuration_source});
        for (const auto& [key, value] : pixit::report_rows(setup.parameters)) input.pixit.push_back({key, value});
        for (const auto& row : spec::catalog())
            if (row.level != "I") input.requirements.push_back({row.id, row.clause});
        reports::ReportStream report(info.secrets);
        bool ok = report.open();
        for (const auto& c : junit_cases(result)) ok = ok && report.add(c);
        ok = ok && report.write_html(args.report_dir + "/report.html", input) &&
             report.write_markdown(args.report_dir + "/summary.md", input);
        if (!ok) {
            std::cerr << "ppp-conform check: " << report.error() << '\n';
            return kExitError;
        }
        if (!write_atomically(args.report_dir + "/timeline.txt", reports::redact(suites::render_check(result), info.secrets), error)) {
            std::cerr << "ppp-conform check: " << error << '\n';
            return kExitError;
        }
    }
    if (!out.ok()) return kExitError;
    if (result.failed()) return kExitFail;
    if (args.strict && result.count(suites::RequirementVerdict::Inconc) > 0) return kExitFail;
    return kExitPass;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<CheckArgs>();
    auto* check = app.add_subcommand(
        "check", "Judge a recording (pcap capture, pppd debug log, Cisco IOS debug transcript) with the oracle of `run`: "
                 "the verdict of each requirement it exercised");
    check->add_option("files", args->files, "Recordings of one session (- for standard input), merged by time")
        ->required();
    check->add_option("--format", args->format, "auto, pcap, pppd-log, ios-debug")
        ->check(one_of({"auto", "pcap", "pppd-log", "ios-debug"}))
        ->capture_default_str();
    check->add_option("--profile", args->profile, "Implementation profile: a bundled name or a JSON file")
        ->capture_default_str();
    check->add_option("--pixit", args->pixit,
                      "Test parameters (PIXIT): names, numbers and secrets of the recorded session; a bundled name "
                      "(default, pppd-uml) or a JSON file");
    check->add_option("--role", args->role, "The SUT's callback role: auto (from the recording), client, server")
        ->check(one_of({"auto", "client", "server"}))
        ->capture_default_str();
    check->add_option("--sut", args->sut, "Which end is judged: recorder (who wrote the log) or peer")
        ->check(one_of({"recorder", "peer"}))
        ->capture_default_str();
    check->add_option("--recorder", args->recorder,
                      "Judge the lines of this router only, when a file holds several (`simulate` prints R1 and R2)")
        ->check(one_line("a router's name as the lines print it"));
    check->add_option("--configure", args->configure,
                      "The configuration intents the session ran with (`run`'s, e.g. 'client-not-callback-user; "
                      "callback-secure off'), applied to the PIXIT and profile before judging");
    check->add_option("--first-sender", args->first_sender,
                      "For PPP captured without direction (link type 9 or 50): who sent the first frame, sut or peer")
        ->check(one_of({"sut", "peer"}));
    check->add_option("--sut-magic", args->sut_magic,
                      "For PPP captured without direction: the SUT's LCP Magic-Number, hexadecimal (0x1a2b3c4d)")
        ->check(CLI::Validator(
            [](std::string& value) -> std::string {
                std::string digits = value.rfind("0x", 0) == 0 || value.rfind("0X", 0) == 0 ? value.substr(2) : value;
                const bool hex = !digits.empty() && digits.size() <= 8 &&
                                 digits.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
                if (!hex || std::stoul(digits, nullptr, 16) == 0)
                    return shown(value) + " is not accepted (a non-zero Magic-Number of up to 8 hexadecimal digits)";
                value = digits;
                return "";
            },
            "HEX"));
    check->add_option("--offset", args->offsets_ms,
                      "Milliseconds added to the stamps of the Nth text file (repeat, in file order) to put several "
                      "recorders' clocks on one scale; without it, a packet both ends log sets the other end's clock")
        ->allow_extra_args(false);  // one value per --offset: the files after it stay files
    check->add_option("--junit", args->junit, "Write JUnit XML (one case per requirement) to this file");
    check->add_option("--report-dir", args->report_dir,
                      "Write the conformance report (report.html, summary.md) and the annotated timeline "
                      "(timeline.txt) into this folder, created when missing");
    check->add_flag("--strict", args->strict, "Exit 1 when a requirement is inconclusive");
    check->add_flag("--quiet", args->quiet, "Print only the summary lines");
    check->callback([args, &exit_code] { exit_code = run_check(*args); });
}

}  // namespace ppp::cli
