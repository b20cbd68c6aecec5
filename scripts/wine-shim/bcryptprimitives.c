/*
 * TEST-ONLY stand-in for Windows' bcryptprimitives.dll, for running gongwen-ls.exe under Wine 8
 * (Debian 12), which lacks that DLL. Rust's std (>= 1.78) imports ProcessPrng from it for
 * HashMap seeds. Real Windows 10/11 has the DLL: this file is never shipped, scripts/release
 * only copies it next to the .exe inside target/smoke/ for the smoke test.
 */
#include <windows.h>

/* advapi32's RtlGenRandom. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
