# Replays every fuzz target's seed corpus (tests/fuzz/corpus/<target>/, with
# the crash inputs saved after fixes) and the hostile inputs of tests/corpus/
# whose names start with the target's prefix, in the normal build: no clang,
# no libFuzzer. Each target's fuzz_<target>.cpp is linked with replay.cpp (a
# main that feeds it each file), never into the libFuzzer executables.
# Included from tests/CMakeLists.txt, so the targets exist once in every build
# (also under CRT_FUZZ, whose flags apply here as they do to crt_lib).
include_guard(GLOBAL)

set(CRT_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})

foreach(pair csv:csv ndjson:ndjson catalogue:catalogue batch_line:batch)
  string(REPLACE ":" ";" pair ${pair})
  list(GET pair 0 target)
  list(GET pair 1 prefix)
  add_executable(fuzz_replay_${target} ${CRT_FUZZ_DIR}/fuzz_${target}.cpp ${CRT_FUZZ_DIR}/replay.cpp)
  target_link_libraries(fuzz_replay_${target} PRIVATE crt_lib)
  file(GLOB hostile CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/corpus/${prefix}-*)
  list(SORT hostile)
  add_test(NAME fuzz.replay_${target}
    COMMAND fuzz_replay_${target} ${CRT_FUZZ_DIR}/corpus/${target} ${hostile})
  set_tests_properties(fuzz.replay_${target} PROPERTIES LABELS unit)
endforeach()

# fuzz_ndjson needs the catalogue, and makes its database under the temporary
# directory once per run: keep those in the build tree.
set(CRT_REPLAY_TMP ${CMAKE_CURRENT_BINARY_DIR}/fuzz-replay-tmp)
add_custom_command(TARGET fuzz_replay_ndjson POST_BUILD
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CRT_REPLAY_TMP} VERBATIM)
set_tests_properties(fuzz.replay_ndjson PROPERTIES ENVIRONMENT
  "CRT_TOPICS=${CMAKE_SOURCE_DIR}/data/topics.toml;TMPDIR=${CRT_REPLAY_TMP}")
