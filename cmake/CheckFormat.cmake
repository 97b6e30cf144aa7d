# Fails when any C++ file under src/ or tests/ differs from what clang-format makes of it.
file(GLOB_RECURSE files ${ROOT}/src/*.cpp ${ROOT}/src/*.hpp ${ROOT}/tests/*.cpp ${ROOT}/tests/*.hpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${files} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "Formatting differs from .clang-format: run clang-format -i on the files above.")
endif()
list(LENGTH files count)
message(STATUS "${count} files formatted correctly")
