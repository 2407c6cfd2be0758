# Install rules and the CMake package (issue 6).
