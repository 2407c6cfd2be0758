# Makes a fresh staging install of the build tree, as a packager or a user would:
#   cmake -DBUILD_DIR=... -DPREFIX=... [-DCONFIG=...] -P stage.cmake
foreach(var IN ITEMS BUILD_DIR PREFIX)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "stage.cmake: ${var} is not set")
  endif()
endforeach()
file(REMOVE_RECURSE "${PREFIX}")
set(config_args)
if(CONFIG)
  set(config_args --config "${CONFIG}")
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" ${config_args}
  RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${result}); build every target first")
endif()
foreach(expected IN ITEMS include/fundrules/fundrules.hpp include/fundrules/version.hpp
                          include/fundrules/fundrules.h)
  if(NOT EXISTS "${PREFIX}/${expected}")
    message(FATAL_ERROR "the install lacks ${expected}")
  endif()
endforeach()
