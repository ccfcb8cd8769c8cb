#include "recording/common.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace ppp::adapters::recording::detail {

bool LineSource::next(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    std::streambuf* buffer = in_.rdbuf();
    if (buffer == nullptr) return false;
    bool any = false;
    for (;;) {
        const int c = buffer->sbumpc();
        if (c == std::char_traits<char>::eof()) break;
        any = true;
        if (c == '\n') break;
        if (c == '\r') {  // CRLF or a lone CR
            if (buffer->sgetc() == '\n') buffer->sbumpc();
            break;
        }
        if (line.size() < max_) {
            line.push_back(static_cast<char>(c));
        } else {
            too_long = true;  // consumed to the line's end, never held
        }
    }
    if (!any) return false;
    ++number_;
    if (too_long) line.clear();
    if (first_) {
        first_ = false;
        if (starts_with(line, "\xEF\xBB\xBF")) line.erase(0, 3);
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from) {
    if (needle.empty()) return from <= s.size() ? from : std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= s.size(); ++i) {
        if (iequals(s.substr(i, needle.size()), needle)) return i;
    }
    return std::string_view::npos;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

namespace {
unsigned hex_value(char c) {
    if (is_digit(c)) return static_cast<unsigned>(c - '0');
    return static_cast<unsigned>(lower(c) - 'a' + 10);
}
}  // namespace

std::optional<std::uint64_t> take_uint(std::string_view& s, std::uint64_t max) {
    std::size_t i = 0;
    std::uint64_t v = 0;
    while (i < s.size() && is_digit(s[i])) {
        v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
        if (v > max) return std::nullopt;
        ++i;
    }
    if (i == 0) return std::nullopt;
    s.remove_prefix(i);
    return v;
}

std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max) {
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        std::uint64_t v = 0;
        for (std::size_t i = 2; i < s.size(); ++i) {
            if (!is_hex(s[i])) return std::nullopt;
            v = v * 16 + hex_value(s[i]);
            if (v > max) return std::nullopt;
        }
        return v;
    }
    const auto v = take_uint(s, max);
    if (!v || !s.empty()) return std::nullopt;
    return v;
}

std::optional<wire::Bytes> parse_hex_run(std::string_view s) {
    // wire::from_hex does the conversion; a run is one token of digit pairs, so the separators
    // and the lone digit it also takes are refused here first.
    std::string_view digits = s;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) digits.remove_prefix(2);
    if (digits.empty() || digits.size() % 2 != 0 || !std::all_of(digits.begin(), digits.end(), is_hex)) return std::nullopt;
    auto octets = wire::from_hex(std::string(s));
    if (!octets) return std::nullopt;
    return std::move(octets).value();
}

std::string_view take_word(std::string_view& s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    std::size_t i = 0;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    const std::string_view w = s.substr(0, i);
    s.remove_prefix(i);
    return w;
}

std::string unpaste(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        const std::string_view rest = line.substr(i);
        if (starts_with(rest, "\xE2\x80\x93") || starts_with(rest, "\xE2\x80\x94") ||
            starts_with(rest, "\xE2\x80\x90") || starts_with(rest, "\xE2\x80\x91") ||
            starts_with(rest, "\xE2\x88\x92")) {  // en, em dash, hyphen, non-breaking hyphen, minus
            out.push_back('-');
            i += 2;
        } else if (starts_with(rest, "\xE2\x80\xA6")) {  // horizontal ellipsis
            out += "...";
            i += 2;
        } else if (starts_with(rest, "\xC2\xA0")) {  // no-break space
            out.push_back(' ');
            i += 1;
        } else if (line[i] == '\t') {
            out.push_back(' ');
        } else {
            out.push_back(line[i]);
        }
    }
    return out;
}

bool looks_like_interface(std::string_view w) {
    std::size_t i = 0;
    while (i < w.size() && std::isalpha(static_cast<unsigned char>(w[i])) != 0) ++i;
    if (i == 0 || i == w.size() || !is_digit(w[i])) return false;
    for (; i < w.size(); ++i) {
        const char c = w[i];
        if (!is_digit(c) && c != '/' && c != ':' && c != '.') return false;
    }
    return true;
}

std::uint8_t b_channel_of(std::string_view interface) {
    if (!istarts_with(interface, "BR")) return 0;
    const auto colon = interface.rfind(':');
    if (colon == std::string_view::npos) return 0;
    const auto v = parse_uint(interface.substr(colon + 1), 2);
    return v && *v >= 1 ? static_cast<std::uint8_t>(*v) : 0;
}

// ---- time stamps -----------------------------------------------------------------------------

namespace {

constexpr std::int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute,
                       kDay = 24 * kHour, kWeek = 7 * kDay;

int month_of(std::string_view name) {
    static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (name == kMonths[i]) return static_cast<int>(i) + 1;
    }
    return 0;
}

std::optional<std::int64_t> take_fixed(std::string_view& s, std::size_t digits, std::int64_t max) {
    if (s.size() < digits) return std::nullopt;
    std::int64_t v = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        if (!is_digit(s[i])) return std::nullopt;
        v = v * 10 + (s[i] - '0');
    }
    if (v > max) return std::nullopt;
    s.remove_prefix(digits);
    return v;
}

void skip_spaces(std::string_view& s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
}

}  // namespace

std::optional<RawStamp> take_clock(std::string_view& s) {
    std::string_view t = s;
    std::size_t hour_digits = (t.size() > 1 && is_digit(t[1])) ? 2 : 1;
    const auto h = take_fixed(t, hour_digits, 23);
    if (!h || t.empty() || t.front() != ':') return std::nullopt;
    t.remove_prefix(1);
    const auto m = take_fixed(t, 2, 59);
    if (!m || t.empty() || t.front() != ':') return std::nullopt;
    t.remove_prefix(1);
    const auto sec = take_fixed(t, 2, 60);  // 60: a leap second
    if (!sec) return std::nullopt;
    RawStamp r;
    r.clock = ClockKind::DayTime;
    r.ms = *h * kHour + *m * kMinute + *sec * kSecond;
    r.resolution_ms = kSecond;
    if (!t.empty() && t.front() == '.' && t.size() > 1 && is_digit(t[1])) {
        t.remove_prefix(1);
        std::size_t n = 0;
        std::int64_t frac_ms = 0;
        while (n < t.size() && is_digit(t[n])) {
            if (n < 3) frac_ms = frac_ms * 10 + (t[n] - '0');
            ++n;
        }
        if (n > 9) return std::nullopt;
        for (std::size_t k = n; k < 3; ++k) frac_ms *= 10;
        r.ms += frac_ms;
        r.resolution_ms = n >= 3 ? 1 : (n == 2 ? 10 : 100);
        t.remove_prefix(n);
    }
    s = t;
    return r;
}

std::optional<RawStamp> take_syslog_stamp(std::string_view& s) {
    std::string_view t = s;
    if (t.size() < 15) return std::nullopt;
    const int month = month_of(t.substr(0, 3));
    if (month == 0 || t[3] != ' ') return std::nullopt;
    t.remove_prefix(3);
    skip_spaces(t);
    const auto day = take_uint(t, 31);
    if (!day || *day == 0 || t.empty() || t.front() != ' ') return std::nullopt;
    skip_spaces(t);
    auto r = take_clock(t);
    if (!r) return std::nullopt;
    r->clock = ClockKind::Calendar;
    r->month = month;
    r->day = static_cast<int>(*day);
    s = t;
    return r;
}

std::optional<RawStamp> take_rfc3339_stamp(std::string_view& s) {
    std::string_view t = s;
    const auto y = take_fixed(t, 4, 9999);
    if (!y || t.empty() || t.front() != '-') return std::nullopt;
    t.remove_prefix(1);
    const auto mo = take_fixed(t, 2, 12);
    if (!mo || *mo == 0 || t.empty() || t.front() != '-') return std::nullopt;
    t.remove_prefix(1);
    const auto d = take_fixed(t, 2, 31);
    if (!d || *d == 0 || t.empty() || (t.front() != 'T' && t.front() != ' ')) return std::nullopt;
    t.remove_prefix(1);
    if (t.size() < 8 || t[2] != ':') return std::nullopt;
    auto r = take_clock(t);
    if (!r) return std::nullopt;
    if (!t.empty() && (t.front() == 'Z' || t.front() == 'z')) {
        t.remove_prefix(1);
    } else if (!t.empty() && (t.front() == '+' || t.front() == '-')) {
        const std::int64_t sign = t.front() == '+' ? 1 : -1;
        t.remove_prefix(1);
        const auto oh = take_fixed(t, 2, 23);
        if (!oh) return std::nullopt;
        if (!t.empty() && t.front() == ':') t.remove_prefix(1);
        const auto om = take_fixed(t, 2, 59);
        if (!om) return std::nullopt;
        r->ms -= sign * (*oh * kHour + *om * kMinute);  // to UTC: a DST change does not jump
    }
    r->clock = ClockKind::Calendar;
    r->year = *y;
    r->month = static_cast<int>(*mo);
    r->day = static_cast<int>(*d);
    s = t;
    return r;
}

std::optional<RawStamp> take_ios_stamp(std::string_view& s) {
    std::string_view t = s;
    if (!t.empty() && (t.front() == '*' || t.front() == '.')) t.remove_prefix(1);  // clock not (or no longer) synced
    std::optional<RawStamp> r;
    if (t.size() >= 3 && month_of(t.substr(0, 3)) != 0) {
        const int month = month_of(t.substr(0, 3));
        t.remove_prefix(3);
        skip_spaces(t);
        const auto day = take_uint(t, 31);
        if (!day || *day == 0) return std::nullopt;
        skip_spaces(t);
        std::optional<std::int64_t> year;
        if (t.size() > 4 && is_digit(t[0]) && is_digit(t[1]) && is_digit(t[2]) && is_digit(t[3]) && t[4] == ' ') {
            year = take_fixed(t, 4, 9999);
            skip_spaces(t);
        }
        r = take_clock(t);
        if (!r) return std::nullopt;
        r->clock = ClockKind::Calendar;
        r->month = month;
        r->day = static_cast<int>(*day);
        r->year = year;
        // `service timestamps ... show-timezone`: a zone name, the same on every line.
        if (t.size() > 1 && t.front() == ' ' && std::isalpha(static_cast<unsigned char>(t[1])) != 0) {
            std::string_view z = t.substr(1);
            std::size_t n = 0;
            while (n < z.size() && std::isalpha(static_cast<unsigned char>(z[n])) != 0) ++n;
            if (n <= 6 && n < z.size() && z[n] == ':') t = z.substr(n);
        }
    } else if (!t.empty() && is_digit(t.front())) {
        std::string_view u = t;
        if (auto c = take_clock(u); c && (u.empty() || u.front() == ':')) {
            r = c;
            t = u;
        } else {
            // Uptime past a day: `1d02h`, `2w3d`, `1y2w` (IOS, `service timestamps uptime`).
            u = t;
            const auto a = take_uint(u, 1000000);
            if (!a || u.empty()) return std::nullopt;
            const char unit_a = u.front();
            u.remove_prefix(1);
            const auto b = take_uint(u, 1000);
            if (!b || u.empty()) return std::nullopt;
            const char unit_b = u.front();
            u.remove_prefix(1);
            RawStamp up;
            up.clock = ClockKind::Uptime;
            if (unit_a == 'd' && unit_b == 'h' && *b < 24) {
                up.ms = static_cast<std::int64_t>(*a) * kDay + static_cast<std::int64_t>(*b) * kHour;
                up.resolution_ms = kHour;
            } else if (unit_a == 'w' && unit_b == 'd' && *b < 7) {
                up.ms = static_cast<std::int64_t>(*a) * kWeek + static_cast<std::int64_t>(*b) * kDay;
                up.resolution_ms = kDay;
            } else if (unit_a == 'y' && unit_b == 'w' && *b < 53) {
                up.ms = static_cast<std::int64_t>(*a) * 365 * kDay + static_cast<std::int64_t>(*b) * kWeek;
                up.resolution_ms = kWeek;
            } else {
                return std::nullopt;
            }
            r = up;
            t = u;
        }
    } else {
        return std::nullopt;
    }
    if (t.empty() || t.front() != ':') return std::nullopt;
    t.remove_prefix(1);
    s = t;
    return r;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = m > 2 ? m - 3 : m + 9;  // March-based month
    const unsigned doy = (153 * mp + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Stamp Timeline::place(const RawStamp& raw) {
    Stamp out;
    out.clock = raw.clock;
    out.resolution_ms = raw.resolution_ms;
    switch (raw.clock) {
        case ClockKind::Calendar: {
            std::int64_t day = 0;
            if (raw.year) {
                day = days_from_civil(*raw.year, static_cast<unsigned>(raw.month), static_cast<unsigned>(raw.day));
                year_ = *raw.year;
            } else {
                if (last_month_ != 0 && raw.month < last_month_) ++year_;  // December to January
                day = days_from_civil(year_, static_cast<unsigned>(raw.month), static_cast<unsigned>(raw.day));
            }
            last_month_ = raw.month;
            if (!first_day_) first_day_ = day;
            out.ms = (day - *first_day_) * kDay + raw.ms;
            break;
        }
        case ClockKind::DayTime:
            if (last_daytime_ms_ && raw.ms + kSecond < *last_daytime_ms_) ++daytime_days_;  // past midnight
            last_daytime_ms_ = raw.ms;
            out.ms = daytime_days_ * kDay + raw.ms;
            break;
        case ClockKind::Uptime:
            out.ms = raw.ms;
            break;
    }
    return out;
}

}  // namespace ppp::adapters::recording::detail
