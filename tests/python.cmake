# The Python package's tests (pytest), when the extension is built (FUNDRULES_BUILD_PYTHON):
# they run against the package laid out in the build tree, and compare with this build's
# fundrules program when there is one.
if(FUNDRULES_BUILD_PYTHON)
  set(fundrules_pytest_env "PYTHONPATH=${PROJECT_BINARY_DIR}/python")
  if(TARGET fundrules_cli)
    list(APPEND fundrules_pytest_env "FUNDRULES_CLI=$<TARGET_FILE:fundrules_cli>")
  endif()
  add_test(NAME python:pytest
           COMMAND ${FUNDRULES_PYTHON_EXECUTABLE} -m pytest ${PROJECT_SOURCE_DIR}/tests/python
                   -p no:cacheprovider
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(python:pytest PROPERTIES ENVIRONMENT "${fundrules_pytest_env}")
endif()
