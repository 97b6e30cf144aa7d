#pragma once

namespace vern::app {

/// Parses the command line and runs one command; returns the process exit status
/// (0 success, 1 failure, 2 usage error).
int run_cli(int argc, char** argv);

}  // namespace vern::app
