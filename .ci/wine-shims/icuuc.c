/* Wine-only stand-in for Windows 10's system icuuc.dll (never bundled): Qt6Core.dll imports 20 ucnv_*
   functions from it (QStringConverter's ICU codecs). Here every ICU converter is unavailable; Qt's own
   UTF-8/16/32 and Latin-1 codecs are unaffected. */
#include <stddef.h>
#include <stdint.h>
#define X __declspec(dllexport)
typedef int UErrorCode;
static void fail(UErrorCode *e) { if (e && *e <= 0) *e = 4; /* U_FILE_ACCESS_ERROR */ }
X void *ucnv_open(const char *n, UErrorCode *e) { (void)n; fail(e); return NULL; }
X void ucnv_close(void *c) { (void)c; }
X void ucnv_reset(void *c) { (void)c; }
X int8_t ucnv_getMaxCharSize(const void *c) { (void)c; return 4; }
X const char *ucnv_getName(const void *c, UErrorCode *e) { (void)c; fail(e); return NULL; }
X void ucnv_getToUCallBack(const void *c, void **a, const void **x) { (void)c; if (a) *a = NULL; if (x) *x = NULL; }
X void ucnv_getFromUCallBack(const void *c, void **a, const void **x) { (void)c; if (a) *a = NULL; if (x) *x = NULL; }
X void ucnv_setToUCallBack(void *c, void *a, const void *x, void **oa, const void **ox, UErrorCode *e) { (void)c; (void)a; (void)x; (void)oa; (void)ox; fail(e); }
X void ucnv_setFromUCallBack(void *c, void *a, const void *x, void **oa, const void **ox, UErrorCode *e) { (void)c; (void)a; (void)x; (void)oa; (void)ox; fail(e); }
X void ucnv_cbToUWriteUChars(void *a, const void *s, int32_t n, int32_t o, UErrorCode *e) { (void)a; (void)s; (void)n; (void)o; fail(e); }
X void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *l, int32_t o, UErrorCode *e) { (void)a; (void)s; (void)l; (void)o; fail(e); }
X void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErrorCode *e) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e); }
X void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int32_t *o, int8_t f, UErrorCode *e) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e); }
X int32_t ucnv_toUCountPending(const void *c, UErrorCode *e) { (void)c; fail(e); return 0; }
X int32_t ucnv_fromUCountPending(const void *c, UErrorCode *e) { (void)c; fail(e); return 0; }
X const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e) { (void)n; (void)s; fail(e); return NULL; }
X const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
X int32_t ucnv_countAvailable(void) { return 0; }
X void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const void *u, int32_t l, int32_t cp, int r, UErrorCode *e) { (void)c; (void)a; (void)u; (void)l; (void)cp; (void)r; (void)e; }
X void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const char *b, int32_t l, int r, UErrorCode *e) { (void)c; (void)a; (void)b; (void)l; (void)r; (void)e; }
