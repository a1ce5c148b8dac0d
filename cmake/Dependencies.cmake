# Every external dependency, found once, failing loudly with the package that provides it.
# scripts/setup.sh installs all of them on Debian 12.

macro(stridecue_require found what package)
  if(NOT ${found})
    message(FATAL_ERROR "StrideCue needs ${what}. On Debian 12 install it with "
                        "'apt-get install ${package}', or run 'bash scripts/setup.sh' as root.")
  endif()
endmacro()

find_package(Threads REQUIRED)

find_package(Boost 1.74 QUIET)
stridecue_require(Boost_FOUND "Boost.Asio (Boost >= 1.74)" libboost-dev)

find_package(PkgConfig QUIET)
stridecue_require(PKG_CONFIG_FOUND "pkg-config" pkg-config)
pkg_check_modules(LIBSERIALPORT QUIET IMPORTED_TARGET libserialport)
stridecue_require(LIBSERIALPORT_FOUND "libserialport" libserialport-dev)
pkg_check_modules(SQLITE3 QUIET IMPORTED_TARGET sqlite3)
stridecue_require(SQLITE3_FOUND "SQLite 3" libsqlite3-dev)

find_path(CONCURRENTQUEUE_INCLUDE_DIR concurrentqueue/blockingconcurrentqueue.h)
stridecue_require(CONCURRENTQUEUE_INCLUDE_DIR "moodycamel ConcurrentQueue" libconcurrentqueue-dev)
find_path(READERWRITERQUEUE_INCLUDE_DIR readerwriterqueue/readerwriterqueue.h)
stridecue_require(READERWRITERQUEUE_INCLUDE_DIR "moodycamel ReaderWriterQueue"
                  libreaderwriterqueue-dev)
add_library(moodycamel INTERFACE)
target_include_directories(moodycamel SYSTEM INTERFACE ${CONCURRENTQUEUE_INCLUDE_DIR}
                                                       ${READERWRITERQUEUE_INCLUDE_DIR})

find_package(yaml-cpp QUIET)
stridecue_require(yaml-cpp_FOUND "yaml-cpp" libyaml-cpp-dev)
find_package(spdlog QUIET)
stridecue_require(spdlog_FOUND "spdlog" libspdlog-dev)
find_package(CLI11 QUIET)
stridecue_require(CLI11_FOUND "CLI11" libcli11-dev)
find_package(Eigen3 3.3 QUIET NO_MODULE)
stridecue_require(Eigen3_FOUND "Eigen 3" libeigen3-dev)

if(STRIDECUE_BUILD_DISPLAY)
  find_package(Qt6 QUIET COMPONENTS Widgets Charts Multimedia TextToSpeech)
  stridecue_require(Qt6_FOUND "Qt 6 Widgets, Charts, Multimedia and TextToSpeech"
                    "qt6-base-dev qt6-charts-dev qt6-multimedia-dev qt6-speech-dev")
endif()

if(STRIDECUE_BUILD_TESTS)
  find_package(GTest QUIET)
  stridecue_require(GTest_FOUND "GoogleTest and GoogleMock" "libgtest-dev libgmock-dev")
endif()
if(STRIDECUE_BUILD_BENCH)
  find_package(benchmark QUIET)
  stridecue_require(benchmark_FOUND "Google Benchmark" libbenchmark-dev)
endif()
