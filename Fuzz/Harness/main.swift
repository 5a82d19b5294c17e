#if CALLSIFT_FUZZING
    Harness.runLibFuzzer()
#endif
