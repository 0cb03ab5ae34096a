# imi_revision.cmake: writes OUTPUT, a C header defining IMI_REVISION, the
# source revision that every program's --version prints (`git describe
# --always --dirty` of SOURCE_DIR: a7956bf, a7956bf-dirty), or "unknown"
# when SOURCE_DIR is not the top of a git checkout (a release tarball, even
# one unpacked inside another repository). Run at every build
# (CMakeLists.txt, imi_revision); the file is rewritten only when the
# revision changed, so an unchanged tree recompiles nothing.
set(revision unknown)
execute_process(COMMAND git -C "${SOURCE_DIR}" rev-parse --show-toplevel
                OUTPUT_VARIABLE top OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE status ERROR_QUIET)
if(status EQUAL 0)
    file(REAL_PATH "${SOURCE_DIR}" source)
    file(REAL_PATH "${top}" top)
    if(top STREQUAL source)
        execute_process(COMMAND git -C "${SOURCE_DIR}" describe --always --dirty
                        OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE
                        RESULT_VARIABLE status ERROR_QUIET)
        if(status EQUAL 0 AND NOT described STREQUAL "")
            set(revision "${described}")
        endif()
    endif()
endif()
set(content "#define IMI_REVISION \"${revision}\"\n")
set(old "")
if(EXISTS "${OUTPUT}")
    file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL content)
    file(WRITE "${OUTPUT}" "${content}")
endif()
