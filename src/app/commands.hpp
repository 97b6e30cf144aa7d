#pragma once

#include <string>

#include "app/config.hpp"
#include "common/actor.hpp"
#include "demo/loader.hpp"
#include "imports/person_import.hpp"

namespace vern::app {

// One function per CLI command. Each returns the exit status and prints its own results;
// failures are thrown as vern::Error or std::exception and reported by the CLI.

int serve_command(const Config& config);
int migrate_command(const Config& config);
/// Loads the demo data into a database without persons, with progress on stderr, then creates
/// (or resets) the demo admin and prints the login.
int demo_command(const Config& config, const demo::DemoOptions& options);
/// Imports persons from a CSV file ("-" for standard input): problems by line on stdout, then a
/// summary; exit status 1 when any row has a problem (nothing is written then).
int import_persons_command(const Config& config, const std::string& file,
                           const imports::ImportOptions& options);
/// With an empty password, one is generated and printed.
int user_add_command(const Config& config, const std::string& username, Role role,
                     const std::string& display_name, std::string password);
int token_create_command(const Config& config, const std::string& username,
                         const std::string& name);
int audit_verify_command(const Config& config);

}  // namespace vern::app
