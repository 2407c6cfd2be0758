# The peer benchmark (tests/bench/run_peers.py): fundrules against a hand-written C++ program,
# pandas, pandera and zen-engine on the same generated rosters. Its two programs are built with
# the benchmarks; the test runs the harness on a small roster and checks only that every
# contender at hand finds the same violations (no timing is asserted). Contenders whose Python
# packages are missing are skipped with a message.
if(FUNDRULES_BUILD_BENCHMARKS)
  add_executable(handwritten_check ${CMAKE_CURRENT_SOURCE_DIR}/bench/handwritten_check.cpp)
  fundrules_set_warnings(handwritten_check)

  add_executable(api_bench ${CMAKE_CURRENT_SOURCE_DIR}/bench/api_bench.cpp)
  target_link_libraries(api_bench PRIVATE fundrules_static)
  fundrules_set_warnings(api_bench)

  if(TARGET fundrules_cli)
    find_package(Python3 COMPONENTS Interpreter)
    if(Python3_Interpreter_FOUND)
      set(fundrules_peers_env "FUNDRULES_BENCH_CACHE=${PROJECT_BINARY_DIR}/bench-rosters")
      if(FUNDRULES_BUILD_PYTHON)
        list(APPEND fundrules_peers_env "PYTHONPATH=${PROJECT_BINARY_DIR}/python")
      endif()
      add_test(NAME bench:peers_agree
               COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/bench/run_peers.py
                       --rows 2000 --agreement-only
                       --fundrules $<TARGET_FILE:fundrules_cli>
                       --api-bench $<TARGET_FILE:api_bench>
                       --handwritten $<TARGET_FILE:handwritten_check>
               WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
      set_tests_properties(bench:peers_agree PROPERTIES LABELS bench TIMEOUT 300
                           ENVIRONMENT "${fundrules_peers_env}")
    endif()
  endif()
endif()
