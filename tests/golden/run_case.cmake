# Runs one CLI golden case (see cases.txt) and compares exit status, standard output and
# standard error with the expected files. On a difference the actual output is kept under the
# build directory, for `diff -u`.
#
# -D FUNDRULES=<program> SOURCE_DIR=<repo> GOLDEN_DIR=<dir> ACTUAL_DIR=<dir> NAME=<case>
#    EXIT=<status> STDOUT=<file> ARGS=<arguments as one shell-like string>
separate_arguments(arguments UNIX_COMMAND "${ARGS}")
execute_process(
  COMMAND "${FUNDRULES}" ${arguments}
  WORKING_DIRECTORY "${SOURCE_DIR}"
  OUTPUT_VARIABLE actual_stdout
  ERROR_VARIABLE actual_stderr
  RESULT_VARIABLE actual_exit)

set(problems "")
if(NOT actual_exit STREQUAL EXIT)
  string(APPEND problems "exit status ${actual_exit}, expected ${EXIT}\n")
endif()

file(MAKE_DIRECTORY "${ACTUAL_DIR}")
file(READ "${GOLDEN_DIR}/${STDOUT}" expected_stdout)
if(NOT actual_stdout STREQUAL expected_stdout)
  file(WRITE "${ACTUAL_DIR}/${NAME}.stdout" "${actual_stdout}")
  string(APPEND problems "standard output differs: diff -u ${GOLDEN_DIR}/${STDOUT} "
                         "${ACTUAL_DIR}/${NAME}.stdout\n")
endif()

set(expected_stderr "")
if(EXISTS "${GOLDEN_DIR}/${NAME}.stderr")
  file(READ "${GOLDEN_DIR}/${NAME}.stderr" expected_stderr)
endif()
if(NOT actual_stderr STREQUAL expected_stderr)
  file(WRITE "${ACTUAL_DIR}/${NAME}.stderr" "${actual_stderr}")
  string(APPEND problems "standard error differs: diff -u ${GOLDEN_DIR}/${NAME}.stderr "
                         "${ACTUAL_DIR}/${NAME}.stderr\n")
endif()

if(problems)
  message(FATAL_ERROR "${NAME}: fundrules ${ARGS}\n${problems}"
                      "If the change is intended, run tests/golden/update.sh and review the diff.")
endif()
