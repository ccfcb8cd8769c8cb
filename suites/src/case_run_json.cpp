#include "case_run_json.hpp"

#include <nlohmann/json.hpp>

#include "ppp/reports/report_data.hpp"

namespace ppp::model {
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CoverageCounts, states, transitions)
}  // namespace ppp::model

namespace ppp::wire {

// Octets as a JSON array would quadruple a capture; one byte per char keeps it compact (the
// text is binary-safe: it travels through a pipe, never a terminal). The decoding is not sent: the
// receiving side makes it again when it needs it.
void to_json(nlohmann::json& j, const PortMessage& m) {
    j = nlohmann::json{{"at", m.at.count()}, {"to_sut", m.to_sut()}, {"kind", static_cast<int>(m.kind())},
                       {"ch", m.channel}, {"bytes", nlohmann::json::binary_t(m.bytes())}};
}
void from_json(const nlohmann::json& j, PortMessage& m) {
    const auto& bytes = j.at("bytes").get_binary();
    m = PortMessage(Millis{j.at("at").get<Millis::rep>()}, j.at("to_sut").get<bool>() ? Direction::ToSut : Direction::FromSut,
                    static_cast<PortKind>(j.at("kind").get<int>()), j.at("ch").get<int>(), Bytes(bytes.begin(), bytes.end()));
}

}  // namespace ppp::wire

namespace ppp::suites::detail {

namespace {
template <typename T>
bool decode(const std::string& text, T& out, std::string& error) {
    try {
        out = nlohmann::json::from_msgpack(text).get<T>();
        return true;
    } catch (const nlohmann::json::exception& e) {
        error = e.what();
        return false;
    }
}
}  // namespace

std::string encode_case_run(const CaseRun& run) {
    const nlohmann::json j{{"result", run.result},       {"plan", run.plan_text},
                           {"reproduce", run.reproduce}, {"plans_run", run.plans_run},
                           {"goal_reached", run.goal_reached}, {"evidence", run.evidence},
                           {"evidence_plan", run.evidence_plan}, {"evidence_end", run.evidence_end.count()},
                           {"sut_client", run.sut_role == model::Role::Client}};
    const auto packed = nlohmann::json::to_msgpack(j);
    return std::string(packed.begin(), packed.end());
}

bool decode_case_run(const std::string& text, CaseRun& run, std::string& error) {
    nlohmann::json j;
    if (!decode(text, j, error)) return false;
    try {
        run.result = j.at("result").get<reports::CaseResult>();
        run.plan_text = j.at("plan").get<std::string>();
        run.reproduce = j.at("reproduce").get<std::string>();
        run.plans_run = j.at("plans_run").get<std::size_t>();
        run.goal_reached = j.at("goal_reached").get<std::size_t>();
        run.evidence = j.at("evidence").get<std::vector<wire::PortMessage>>();
        run.evidence_plan = j.at("evidence_plan").get<std::string>();
        run.evidence_end = Millis{j.at("evidence_end").get<Millis::rep>()};
        run.sut_role = j.at("sut_client").get<bool>() ? model::Role::Client : model::Role::Server;
        return true;
    } catch (const nlohmann::json::exception& e) {
        error = e.what();
        return false;
    }
}

std::string encode_coverage(const model::CoverageCounts& coverage) {
    const auto packed = nlohmann::json::to_msgpack(nlohmann::json(coverage));
    return std::string(packed.begin(), packed.end());
}

bool decode_coverage(const std::string& text, model::CoverageCounts& coverage, std::string& error) {
    nlohmann::json j;
    if (!decode(text, j, error)) return false;
    try {
        coverage = j.get<model::CoverageCounts>();
        return true;
    } catch (const nlohmann::json::exception& e) {
        error = e.what();
        return false;
    }
}

}  // namespace ppp::suites::detail
