/*  imi_version: what every program answers to --version.

    One line, "imi-node 0.1.0 (a7956bf)": the program, the release (the
    project's VERSION in CMakeLists.txt, its only place) and the source
    revision it was built from (`git describe --always --dirty` at build
    time, "-dirty" when the tree had changes; "unknown" when built outside a
    git checkout, as from a release tarball). An operator quotes the line in
    a report; an upgrade checks it.
*/
#ifndef IMI_VERSION_H
#define IMI_VERSION_H

//  "0.1.0 (a7956bf)": the release and the source revision. Static; never NULL.
const char *imi_version (void);

//  Its two parts apart, for monitoring (imi_build_info): "0.1.0" and
//  "a7956bf". Static; never NULL.
const char *imi_version_release (void);
const char *imi_version_revision (void);

//  Print "PROGRAM 0.1.0 (a7956bf)" and a newline on stdout; 0 on success, 1
//  if stdout could not be written (a program's exit status for --version).
int imi_version_print (const char *program);

void imi_version_test (void);

#endif
