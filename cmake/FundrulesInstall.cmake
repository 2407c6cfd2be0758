# Install rules: public headers, the static, shared and C libraries, a CMake package and
# pkg-config files. Included from the top-level CMakeLists.txt when FUNDRULES_INSTALL is on.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FUNDRULES_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/fundrules"
    CACHE STRING "Where the CMake package files are installed, relative to the prefix")
set(FUNDRULES_PKGCONFIG_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
    CACHE STRING "Where the pkg-config files are installed, relative to the prefix")
mark_as_advanced(FUNDRULES_CMAKE_INSTALL_DIR FUNDRULES_PKGCONFIG_INSTALL_DIR)

# Headers: the C++ API, the generated version header and (when built) the C API header.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/fundrules
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT fundrules_development
        FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/include/fundrules/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/fundrules
        COMPONENT fundrules_development)

# The shared libraries (and the C API) go in one export set, the static library in another:
# a static consumer needs yaml-cpp at link time, a shared one does not, so the package only
# asks for yaml-cpp when the static library is used.
set(FUNDRULES_SHARED_EXPORTS fundrules_shared)
if(TARGET fundrules_c)
  list(APPEND FUNDRULES_SHARED_EXPORTS fundrules_c)
  install(FILES ${PROJECT_SOURCE_DIR}/bindings/c/include/fundrules/fundrules.h
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/fundrules
          COMPONENT fundrules_development)
endif()

install(TARGETS ${FUNDRULES_SHARED_EXPORTS}
        EXPORT fundrulesSharedTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT fundrules_runtime
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT fundrules_runtime
                NAMELINK_COMPONENT fundrules_development
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT fundrules_development)
install(TARGETS fundrules_static
        EXPORT fundrulesStaticTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT fundrules_development)

install(EXPORT fundrulesSharedTargets
        NAMESPACE fundrules::
        FILE fundrules-shared-targets.cmake
        DESTINATION ${FUNDRULES_CMAKE_INSTALL_DIR}
        COMPONENT fundrules_development)
install(EXPORT fundrulesStaticTargets
        NAMESPACE fundrules::
        FILE fundrules-static-targets.cmake
        DESTINATION ${FUNDRULES_CMAKE_INSTALL_DIR}
        COMPONENT fundrules_development)

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/fundrulesConfig.cmake.in
  ${PROJECT_BINARY_DIR}/fundrulesConfig.cmake
  INSTALL_DESTINATION ${FUNDRULES_CMAKE_INSTALL_DIR})
# While the major version is 0, a minor release may break the API (semantic versioning), so
# 0.1 only accepts 0.1.x; from 1.0 on, any 1.y satisfies a request for 1.x.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(FUNDRULES_COMPATIBILITY SameMinorVersion)
else()
  set(FUNDRULES_COMPATIBILITY SameMajorVersion)
endif()
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/fundrulesConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY ${FUNDRULES_COMPATIBILITY})
install(FILES ${PROJECT_BINARY_DIR}/fundrulesConfig.cmake
              ${PROJECT_BINARY_DIR}/fundrulesConfigVersion.cmake
        DESTINATION ${FUNDRULES_CMAKE_INSTALL_DIR}
        COMPONENT fundrules_development)

# pkg-config: fundrules.pc for the C++ library, fundrules-c.pc for the C API. The prefix is
# found from the .pc file's own place (${pcfiledir}), so an install made with
# `cmake --install --prefix` or moved elsewhere still points at its own files.
file(RELATIVE_PATH FUNDRULES_PC_UP "/prefix/${FUNDRULES_PKGCONFIG_INSTALL_DIR}" "/prefix")
string(REGEX REPLACE "/$" "" FUNDRULES_PC_UP "${FUNDRULES_PC_UP}")
set(FUNDRULES_PC_PREFIX "\${pcfiledir}/${FUNDRULES_PC_UP}")
foreach(dir_var IN ITEMS LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir_var}}")
    set(FUNDRULES_PC_${dir_var} "${CMAKE_INSTALL_${dir_var}}")
  else()
    set(FUNDRULES_PC_${dir_var} "\${prefix}/${CMAKE_INSTALL_${dir_var}}")
  endif()
endforeach()
# The static library calls libyaml when it was built with it.
set(FUNDRULES_PC_LIBYAML "")
if(FUNDRULES_HAVE_LIBYAML)
  set(FUNDRULES_PC_LIBYAML "-lyaml ")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/fundrules.pc.in
               ${PROJECT_BINARY_DIR}/fundrules.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/fundrules.pc
        DESTINATION ${FUNDRULES_PKGCONFIG_INSTALL_DIR}
        COMPONENT fundrules_development)
if(TARGET fundrules_c)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/fundrules-c.pc.in
                 ${PROJECT_BINARY_DIR}/fundrules-c.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/fundrules-c.pc
          DESTINATION ${FUNDRULES_PKGCONFIG_INSTALL_DIR}
          COMPONENT fundrules_development)
endif()
