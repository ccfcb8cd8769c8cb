#pragma once
// Cisco IOS debug transcripts as a recording for `ppp-conform check` (issue #16, SPEC OBS-03..08
// and section 17 OBS-05): `debug ppp negotiation`, `debug ppp authentication`, `debug ppp cbcp`,
// `debug isdn q931`, `debug dialer`, the syslog lines (`%LINK-3-UPDOWN`, `%ISDN-6-CONNECT`, ...)
// and `show dialer`, in the classic and the IOS-XE wording, with any IOS time stamp or none, as
// pasted from a terminal (prompts, en dashes, ellipses, CRLF).
#include <istream>
#include <memory>
#include <optional>
#include <string>

#include "ppp/adapters/recording.hpp"

namespace ppp::adapters::recording {

class IosDebugReader final : public RecordReader {
public:
    // `in` is not owned and must outlive the reader; `file` names it in every record's Source.
    IosDebugReader(std::istream& in, std::string file);
    ~IosDebugReader() override;
    IosDebugReader(const IosDebugReader&) = delete;
    IosDebugReader& operator=(const IosDebugReader&) = delete;

    std::optional<Record> next() override;
    const ReadStats& stats() const override;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace ppp::adapters::recording
