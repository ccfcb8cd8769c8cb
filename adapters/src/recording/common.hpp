#pragma once
// What the pppd log reader and the IOS debug reader share: bounded line reading, small text
// scanners, time stamps with their clock's rollover, and the line accounting.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "ppp/adapters/recording.hpp"

namespace ppp::adapters::recording::detail {

// Reads `in` one line at a time without holding more than `max_bytes` of a line: a longer line is
// consumed to its end and reported as too long. CRLF and a lone CR end a line; a UTF-8 byte-order
// mark before the first line is dropped.
class LineSource {
public:
    LineSource(std::istream& in, std::size_t max_bytes) : in_(in), max_(max_bytes) {}
    // False at the end of the input. `too_long` lines leave `line` empty.
    bool next(std::string& line, bool& too_long);
    std::size_t line_number() const { return number_; }

private:
    std::istream& in_;
    std::size_t max_;
    std::size_t number_ = 0;
    bool first_ = true;
};

// ---- text scanning (ASCII, no locale) ---------------------------------------------------------

std::string_view trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from = 0);
bool is_digit(char c);
bool is_hex(char c);
// Consumes leading decimal digits of `s` (no sign): the value, or nullopt (none, or past `max`).
std::optional<std::uint64_t> take_uint(std::string_view& s, std::uint64_t max);
// A whole token: decimal, or hex with 0x (pppd `id=0x1f`, `magic 0x5f2e3c1a`).
std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max);
// `0x0D0300` / `0d0300`: an even number of hex digits as octets; nullopt otherwise.
std::optional<wire::Bytes> parse_hex_run(std::string_view s);
// The next whitespace-separated word of `s` (consumed with the spaces before it).
std::string_view take_word(std::string_view& s);

// Pasted-text damage (issue #16): en and em dashes become '-', the ellipsis character "...",
// non-breaking spaces ' '. Only used for matching; records keep the line as it was (redacted).
std::string unpaste(std::string_view line);

// `BR0:1`, `BRI0:2`, `BR0/0:1`, `BRI1/0:2` name B-channel 1 or 2; anything else none (0).
std::uint8_t b_channel_of(std::string_view interface);
// A word shaped like an IOS interface name: letters then a digit, then digits, '/', ':', '.'
// (`BR0:1`, `Se0/0`, `Vi2.1`, `Dialer1`).
bool looks_like_interface(std::string_view word);

// ---- time stamps -----------------------------------------------------------------------------

// A stamp as printed, before it is put on the file's time line.
struct RawStamp {
    ClockKind clock = ClockKind::Calendar;
    std::optional<std::int64_t> year;  // RFC 3339, IOS `Mar  1 2026 ...`
    int month = 0, day = 0;            // Calendar
    std::int64_t ms = 0;               // Calendar, DayTime: ms of the day (after any UTC offset:
                                       // may leave [0, 1 day)); Uptime: ms since boot
    std::int64_t resolution_ms = 1000;
};

// `Dec  3 21:04:05` (syslog) at the start of `s`; consumes it (not the space after).
std::optional<RawStamp> take_syslog_stamp(std::string_view& s);
// `2026-12-03T21:04:05.123456+00:00` (RFC 3339, journald `short-iso`): consumes it.
std::optional<RawStamp> take_rfc3339_stamp(std::string_view& s);
// IOS stamps ending with ':' at the start of `s`: `02:45:42:`, `02:45:42.123:`, `*Mar  1
// 00:01:02.123:`, `.Mar  1 2026 00:01:02 UTC:`, `1d02h:`, `2w3d:`. Consumes it and the colon.
std::optional<RawStamp> take_ios_stamp(std::string_view& s);
// `hh:mm:ss` with an optional fraction `.d{1,6}`: ms of the day and the resolution.
std::optional<RawStamp> take_clock(std::string_view& s);

// Puts a file's stamps on one time line (Stamp's contract): days from the first stamped date,
// a year added when the month goes back (December to January: syslog and IOS print no year),
// and on a DayTime clock a step back of more than one second read as the next day (midnight
// rollover). A smaller step back is kept as printed: debug lines of one router are written by
// several processes and can be a few milliseconds out of order. Dates without a year count in a
// leap year (so `Feb 29` has a day); a file that mixes dates with and without a year is not on
// one scale.
class Timeline {
public:
    Stamp place(const RawStamp& raw);

private:
    std::optional<std::int64_t> first_day_;
    std::int64_t year_ = 2000;  // a leap year, so that `Feb 29` has a day
    int last_month_ = 0;
    std::int64_t daytime_days_ = 0;
    std::optional<std::int64_t> last_daytime_ms_;
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

}  // namespace ppp::adapters::recording::detail
