/* Test-time only, for Wine 8: cryptography's Rust extension (pulled in by trustme, which makes
 * the tests' certificates) imports ProcessPrng from bcryptprimitives.dll, which Wine 8 lacks.
 * Backed by RtlGenRandom (advapi32's SystemFunction036), the system's own generator. Built into
 * the Wine prefix only by build_and_test_under_wine.sh; never part of the app. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
