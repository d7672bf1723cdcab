# Installs the build tree into a scratch prefix, then configures, builds and
# runs a consumer that finds it with find_package(iameval CONFIG); then moves
# the prefix, builds the same consumer with pkg-config against the moved
# prefix, and runs it and the installed `iameval` from the moved prefix's
# bin/, where they must find the data without IAMEVAL_DATA_DIR.
file(REMOVE_RECURSE ${WORK_DIR})
set(PREFIX ${WORK_DIR}/prefix)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
# Only what the public headers need is installed, and the package asks the
# consumer only for what the library links.
if(EXISTS ${PREFIX}/include/iameval/internal/status_macros.h)
  message(FATAL_ERROR "internal/status_macros.h is installed; no public header needs it")
endif()
if(NOT EXISTS ${PREFIX}/include/iameval/internal/compiled_policy.h)
  message(FATAL_ERROR "internal/compiled_policy.h (the inline hot path) is not installed")
endif()
file(GLOB_RECURSE config_files ${PREFIX}/lib*/cmake/iameval/iamevalConfig.cmake
     ${PREFIX}/lib*/pkgconfig/iameval.pc)
list(LENGTH config_files n)
if(NOT n EQUAL 2)
  message(FATAL_ERROR "expected iamevalConfig.cmake and iameval.pc, found: ${config_files}")
endif()
foreach(f ${config_files})
  file(READ ${f} text)
  if(text MATCHES "regex")
    message(FATAL_ERROR "${f} asks for Boost.Regex, which is header-only:\n${text}")
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build
                -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX}
                -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_BUILD_TYPE=Release
                "-DCMAKE_CXX_FLAGS=${FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${FLAGS}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer configure failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer build failed: ${rc}")
endif()
# The data must be installed and readable from the prefix alone.
execute_process(COMMAND ${CMAKE_COMMAND} -E env
                        IAMEVAL_DATA_DIR=${PREFIX}/share/iameval
                        ${WORK_DIR}/build/consumer
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "Allowed" OR NOT out MATCHES "installed data")
  message(FATAL_ERROR "consumer run failed: ${rc} ${out}")
endif()
message(STATUS "consumer printed: ${out}")

# Move the prefix: nothing may still point at the old place.
set(MOVED ${WORK_DIR}/moved/prefix)
file(MAKE_DIRECTORY ${WORK_DIR}/moved)
file(RENAME ${PREFIX} ${MOVED})

# pkg-config: the README's link line, against the moved prefix (the .pc file
# finds its prefix from its own place).
find_program(PKG_CONFIG pkg-config REQUIRED)
execute_process(COMMAND ${CMAKE_COMMAND} -E env
                        PKG_CONFIG_PATH=${MOVED}/lib/pkgconfig
                        ${PKG_CONFIG} --cflags --libs iameval
                RESULT_VARIABLE rc OUTPUT_VARIABLE pc_flags
                ERROR_VARIABLE pc_error OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR NOT pc_flags MATCHES "-I${MOVED}/")
  message(FATAL_ERROR "pkg-config --cflags --libs iameval: ${rc} ${pc_flags} ${pc_error}")
endif()
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
separate_arguments(extra_flags UNIX_COMMAND "${FLAGS}")
execute_process(COMMAND ${CXX} ${extra_flags} -O1 ${SOURCE_DIR}/main.cc
                        -o ${MOVED}/bin/consumer-pkg-config ${pc_flags}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config consumer build failed: ${rc}\n${err}")
endif()

# From the moved prefix's bin/, without IAMEVAL_DATA_DIR: the data next to
# the program (bin/../share/iameval) comes before the source tree, which
# still exists here, and before the configured install location.
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=IAMEVAL_DATA_DIR
                        ${MOVED}/bin/consumer-pkg-config --data
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "installed data"
   OR NOT out MATCHES "data dir: ${MOVED}/share/iameval")
  message(FATAL_ERROR "moved-prefix consumer run failed: ${rc} ${out}")
endif()
message(STATUS "moved-prefix consumer printed: ${out}")
if(EXISTS ${MOVED}/bin/iameval)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=IAMEVAL_DATA_DIR
                          ${MOVED}/bin/iameval validate
                          arn:aws:iam::aws:policy/ReadOnlyAccess
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "1 file: 0 errors")
    message(FATAL_ERROR "moved-prefix iameval failed: ${rc} ${out} ${err}")
  endif()
endif()
