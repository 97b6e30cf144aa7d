#include "app/cli.hpp"

int main(int argc, char** argv) {
  return vern::app::run_cli(argc, argv);
}
