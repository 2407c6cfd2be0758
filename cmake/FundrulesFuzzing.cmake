# libFuzzer needs clang, and the library itself must carry coverage instrumentation (not just
# the fuzz targets) or the fuzzer cannot see which branches of the parsers an input reached.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "FUNDRULES_BUILD_FUZZERS needs clang (libFuzzer); configure with "
                      "CMAKE_CXX_COMPILER=clang++ or use the `fuzz` preset")
endif()
if(NOT FUNDRULES_SANITIZE)
  # A fuzzer without sanitizers only finds crashes; with them it finds the memory errors and
  # undefined behaviour that do not crash on their own.
  set(FUNDRULES_SANITIZE "address,undefined" CACHE STRING "" FORCE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
add_compile_options(-fsanitize=fuzzer-no-link)
