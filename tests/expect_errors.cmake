# Checks that `flowcast validate INPUT` rejects an invalid scenario the expected way:
#   cmake -DFLOWCAST=path/to/flowcast -DINPUT=case.json -DEXPECTED=case.expected -P expect_errors.cmake
# The exit code must be 2 (never a crash) and stderr must equal EXPECTED exactly, where each line
# of EXPECTED starts with the placeholder FILE standing for the path passed as INPUT.
foreach(var FLOWCAST INPUT EXPECTED)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "expect_errors.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(
  COMMAND "${FLOWCAST}" validate "${INPUT}"
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)

file(READ "${EXPECTED}" expected)
if(NOT expected STREQUAL "" AND NOT expected MATCHES "\n$")
  string(APPEND expected "\n")
endif()
# Substitute the placeholder at the start of every line only.
set(expected "\n${expected}")
string(REPLACE "\nFILE: " "\n${INPUT}: " expected "${expected}")
string(SUBSTRING "${expected}" 1 -1 expected)

set(failed FALSE)
if(NOT "${rc}" STREQUAL "2")
  message(SEND_ERROR "exit code: expected 2, got '${rc}'")
  set(failed TRUE)
endif()
if(NOT "${err}" STREQUAL "${expected}")
  message(SEND_ERROR "stderr differs from ${EXPECTED}\n--- expected\n${expected}--- actual\n${err}---")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "${INPUT}: not rejected as expected")
endif()
