#pragma once
// The real `ppp-conform` binary run through the shell, for tests of a command's exit code and
// output (PPP_CONFORM_BIN is defined when the binary is built with the tests).
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace ppp::test {

#ifdef PPP_CONFORM_BIN
// Runs `ppp-conform ARGUMENTS 2>&1`; returns its exit status (-1 when it did not exit) and output.
inline int run_command(const std::string& arguments, std::string& output) {
    const std::string command = std::string("'") + PPP_CONFORM_BIN + "' " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    std::array<char, 512> buffer{};
    output.clear();
    while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) output += buffer.data();
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
#endif

}  // namespace ppp::test
