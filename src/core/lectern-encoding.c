/* lectern-encoding.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-encoding.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Decoding follows the WHATWG Encoding Standard and the HTML "determine the
 * character encoding" steps: byte order mark, then the transport's label,
 * then a prescan for <meta charset>, then a sniff. Two departures, both so
 * that a saved page is readable rather than faithfully broken:
 *
 *  - a declared legacy encoding loses to UTF-8 when every byte is valid
 *    UTF-8 and some sequences are multi-byte, because legacy text is
 *    practically never valid UTF-8 by accident;
 *  - a declaration whose decoding scores as gibberish loses to the sniffer's
 *    choice when that choice scores as plausible text.
 *
 * Every decoder replaces what it cannot decode with U+FFFD and goes on; NUL
 * bytes become U+FFFD too, so the result is valid, NUL-free UTF-8.
 */

#define PRESCAN_LENGTH      1024
#define LATE_PRESCAN_LENGTH (64 * 1024)
#define SNIFF_LENGTH        (256 * 1024)
#define MAX_LABEL_LENGTH    64

static const char replacement_utf8[] = "\xef\xbf\xbd";

typedef enum {
  KIND_UTF8,
  KIND_UTF16LE,
  KIND_UTF16BE,
  KIND_WINDOWS_1252,
  KIND_USER_DEFINED,
  KIND_REPLACEMENT,
  KIND_ICONV,
} DecoderKind;

typedef enum {
  ENC_UTF_8,
  ENC_IBM866,
  ENC_ISO_8859_2,
  ENC_ISO_8859_3,
  ENC_ISO_8859_4,
  ENC_ISO_8859_5,
  ENC_ISO_8859_6,
  ENC_ISO_8859_7,
  ENC_ISO_8859_8,
  ENC_ISO_8859_8_I,
  ENC_ISO_8859_10,
  ENC_ISO_8859_13,
  ENC_ISO_8859_14,
  ENC_ISO_8859_15,
  ENC_ISO_8859_16,
  ENC_KOI8_R,
  ENC_KOI8_U,
  ENC_MACINTOSH,
  ENC_WINDOWS_874,
  ENC_WINDOWS_1250,
  ENC_WINDOWS_1251,
  ENC_WINDOWS_1252,
  ENC_WINDOWS_1253,
  ENC_WINDOWS_1254,
  ENC_WINDOWS_1255,
  ENC_WINDOWS_1256,
  ENC_WINDOWS_1257,
  ENC_WINDOWS_1258,
  ENC_X_MAC_CYRILLIC,
  ENC_GBK,
  ENC_GB18030,
  ENC_BIG5,
  ENC_EUC_JP,
  ENC_ISO_2022_JP,
  ENC_SHIFT_JIS,
  ENC_EUC_KR,
  ENC_REPLACEMENT,
  ENC_UTF_16BE,
  ENC_UTF_16LE,
  ENC_X_USER_DEFINED,
  N_ENCODINGS
} Encoding;

typedef struct {
  const char  *name;
  const char  *iconv_name;
  const char  *iconv_fallback;
  DecoderKind  kind;
} EncodingInfo;

/* Indexed by Encoding. GBK is decoded with the gb18030 decoder, as the
 * standard says; EUC-KR with Windows' UHC and Shift_JIS with CP932, which
 * are the supersets browsers use; Big5 with Big5-HKSCS.
 */
static const EncodingInfo encodings[N_ENCODINGS] = {
  { "UTF-8", NULL, NULL, KIND_UTF8 },
  { "IBM866", "IBM866", "CP866", KIND_ICONV },
  { "ISO-8859-2", "ISO-8859-2", NULL, KIND_ICONV },
  { "ISO-8859-3", "ISO-8859-3", NULL, KIND_ICONV },
  { "ISO-8859-4", "ISO-8859-4", NULL, KIND_ICONV },
  { "ISO-8859-5", "ISO-8859-5", NULL, KIND_ICONV },
  { "ISO-8859-6", "ISO-8859-6", NULL, KIND_ICONV },
  { "ISO-8859-7", "ISO-8859-7", NULL, KIND_ICONV },
  { "ISO-8859-8", "ISO-8859-8", NULL, KIND_ICONV },
  { "ISO-8859-8-I", "ISO-8859-8", NULL, KIND_ICONV },
  { "ISO-8859-10", "ISO-8859-10", NULL, KIND_ICONV },
  { "ISO-8859-13", "ISO-8859-13", NULL, KIND_ICONV },
  { "ISO-8859-14", "ISO-8859-14", NULL, KIND_ICONV },
  { "ISO-8859-15", "ISO-8859-15", NULL, KIND_ICONV },
  { "ISO-8859-16", "ISO-8859-16", NULL, KIND_ICONV },
  { "KOI8-R", "KOI8-R", NULL, KIND_ICONV },
  { "KOI8-U", "KOI8-RU", "KOI8-U", KIND_ICONV },
  { "macintosh", "MACINTOSH", NULL, KIND_ICONV },
  { "windows-874", "CP874", NULL, KIND_ICONV },
  { "windows-1250", "CP1250", NULL, KIND_ICONV },
  { "windows-1251", "CP1251", NULL, KIND_ICONV },
  { "windows-1252", NULL, NULL, KIND_WINDOWS_1252 },
  { "windows-1253", "CP1253", NULL, KIND_ICONV },
  { "windows-1254", "CP1254", NULL, KIND_ICONV },
  { "windows-1255", "CP1255", NULL, KIND_ICONV },
  { "windows-1256", "CP1256", NULL, KIND_ICONV },
  { "windows-1257", "CP1257", NULL, KIND_ICONV },
  { "windows-1258", "CP1258", NULL, KIND_ICONV },
  { "x-mac-cyrillic", "MAC-CYRILLIC", "MACCYRILLIC", KIND_ICONV },
  { "GBK", "GB18030", "GBK", KIND_ICONV },
  { "gb18030", "GB18030", NULL, KIND_ICONV },
  { "Big5", "BIG5-HKSCS", "BIG5", KIND_ICONV },
  { "EUC-JP", "EUC-JP-MS", "EUC-JP", KIND_ICONV },
  { "ISO-2022-JP", "ISO-2022-JP", NULL, KIND_ICONV },
  { "Shift_JIS", "CP932", "SHIFT_JIS", KIND_ICONV },
  { "EUC-KR", "CP949", "EUC-KR", KIND_ICONV },
  { "replacement", NULL, NULL, KIND_REPLACEMENT },
  { "UTF-16BE", NULL, NULL, KIND_UTF16BE },
  { "UTF-16LE", NULL, NULL, KIND_UTF16LE },
  { "x-user-defined", NULL, NULL, KIND_USER_DEFINED },
};

typedef struct {
  const char *label;
  Encoding    encoding;
} LabelEntry;

/* The WHATWG label table, sorted bytewise for bsearch(). */
static const LabelEntry labels[] = {
  { "866", ENC_IBM866 },
  { "ansi_x3.4-1968", ENC_WINDOWS_1252 },
  { "arabic", ENC_ISO_8859_6 },
  { "ascii", ENC_WINDOWS_1252 },
  { "asmo-708", ENC_ISO_8859_6 },
  { "big5", ENC_BIG5 },
  { "big5-hkscs", ENC_BIG5 },
  { "chinese", ENC_GBK },
  { "cn-big5", ENC_BIG5 },
  { "cp1250", ENC_WINDOWS_1250 },
  { "cp1251", ENC_WINDOWS_1251 },
  { "cp1252", ENC_WINDOWS_1252 },
  { "cp1253", ENC_WINDOWS_1253 },
  { "cp1254", ENC_WINDOWS_1254 },
  { "cp1255", ENC_WINDOWS_1255 },
  { "cp1256", ENC_WINDOWS_1256 },
  { "cp1257", ENC_WINDOWS_1257 },
  { "cp1258", ENC_WINDOWS_1258 },
  { "cp819", ENC_WINDOWS_1252 },
  { "cp866", ENC_IBM866 },
  { "csbig5", ENC_BIG5 },
  { "cseuckr", ENC_EUC_KR },
  { "cseucpkdfmtjapanese", ENC_EUC_JP },
  { "csgb2312", ENC_GBK },
  { "csibm866", ENC_IBM866 },
  { "csiso2022jp", ENC_ISO_2022_JP },
  { "csiso2022kr", ENC_REPLACEMENT },
  { "csiso58gb231280", ENC_GBK },
  { "csiso88596e", ENC_ISO_8859_6 },
  { "csiso88596i", ENC_ISO_8859_6 },
  { "csiso88598e", ENC_ISO_8859_8 },
  { "csiso88598i", ENC_ISO_8859_8_I },
  { "csisolatin1", ENC_WINDOWS_1252 },
  { "csisolatin2", ENC_ISO_8859_2 },
  { "csisolatin3", ENC_ISO_8859_3 },
  { "csisolatin4", ENC_ISO_8859_4 },
  { "csisolatin5", ENC_WINDOWS_1254 },
  { "csisolatin6", ENC_ISO_8859_10 },
  { "csisolatin9", ENC_ISO_8859_15 },
  { "csisolatinarabic", ENC_ISO_8859_6 },
  { "csisolatincyrillic", ENC_ISO_8859_5 },
  { "csisolatingreek", ENC_ISO_8859_7 },
  { "csisolatinhebrew", ENC_ISO_8859_8 },
  { "cskoi8r", ENC_KOI8_R },
  { "csksc56011987", ENC_EUC_KR },
  { "csmacintosh", ENC_MACINTOSH },
  { "csshiftjis", ENC_SHIFT_JIS },
  { "csunicode", ENC_UTF_16LE },
  { "cyrillic", ENC_ISO_8859_5 },
  { "dos-874", ENC_WINDOWS_874 },
  { "ecma-114", ENC_ISO_8859_6 },
  { "ecma-118", ENC_ISO_8859_7 },
  { "elot_928", ENC_ISO_8859_7 },
  { "euc-jp", ENC_EUC_JP },
  { "euc-kr", ENC_EUC_KR },
  { "gb18030", ENC_GB18030 },
  { "gb2312", ENC_GBK },
  { "gb_2312", ENC_GBK },
  { "gb_2312-80", ENC_GBK },
  { "gbk", ENC_GBK },
  { "greek", ENC_ISO_8859_7 },
  { "greek8", ENC_ISO_8859_7 },
  { "hebrew", ENC_ISO_8859_8 },
  { "hz-gb-2312", ENC_REPLACEMENT },
  { "ibm819", ENC_WINDOWS_1252 },
  { "ibm866", ENC_IBM866 },
  { "iso-10646-ucs-2", ENC_UTF_16LE },
  { "iso-2022-cn", ENC_REPLACEMENT },
  { "iso-2022-cn-ext", ENC_REPLACEMENT },
  { "iso-2022-jp", ENC_ISO_2022_JP },
  { "iso-2022-kr", ENC_REPLACEMENT },
  { "iso-8859-1", ENC_WINDOWS_1252 },
  { "iso-8859-10", ENC_ISO_8859_10 },
  { "iso-8859-11", ENC_WINDOWS_874 },
  { "iso-8859-13", ENC_ISO_8859_13 },
  { "iso-8859-14", ENC_ISO_8859_14 },
  { "iso-8859-15", ENC_ISO_8859_15 },
  { "iso-8859-16", ENC_ISO_8859_16 },
  { "iso-8859-2", ENC_ISO_8859_2 },
  { "iso-8859-3", ENC_ISO_8859_3 },
  { "iso-8859-4", ENC_ISO_8859_4 },
  { "iso-8859-5", ENC_ISO_8859_5 },
  { "iso-8859-6", ENC_ISO_8859_6 },
  { "iso-8859-6-e", ENC_ISO_8859_6 },
  { "iso-8859-6-i", ENC_ISO_8859_6 },
  { "iso-8859-7", ENC_ISO_8859_7 },
  { "iso-8859-8", ENC_ISO_8859_8 },
  { "iso-8859-8-e", ENC_ISO_8859_8 },
  { "iso-8859-8-i", ENC_ISO_8859_8_I },
  { "iso-8859-9", ENC_WINDOWS_1254 },
  { "iso-ir-100", ENC_WINDOWS_1252 },
  { "iso-ir-101", ENC_ISO_8859_2 },
  { "iso-ir-109", ENC_ISO_8859_3 },
  { "iso-ir-110", ENC_ISO_8859_4 },
  { "iso-ir-126", ENC_ISO_8859_7 },
  { "iso-ir-127", ENC_ISO_8859_6 },
  { "iso-ir-138", ENC_ISO_8859_8 },
  { "iso-ir-144", ENC_ISO_8859_5 },
  { "iso-ir-148", ENC_WINDOWS_1254 },
  { "iso-ir-149", ENC_EUC_KR },
  { "iso-ir-157", ENC_ISO_8859_10 },
  { "iso-ir-58", ENC_GBK },
  { "iso8859-1", ENC_WINDOWS_1252 },
  { "iso8859-10", ENC_ISO_8859_10 },
  { "iso8859-11", ENC_WINDOWS_874 },
  { "iso8859-13", ENC_ISO_8859_13 },
  { "iso8859-14", ENC_ISO_8859_14 },
  { "iso8859-15", ENC_ISO_8859_15 },
  { "iso8859-2", ENC_ISO_8859_2 },
  { "iso8859-3", ENC_ISO_8859_3 },
  { "iso8859-4", ENC_ISO_8859_4 },
  { "iso8859-5", ENC_ISO_8859_5 },
  { "iso8859-6", ENC_ISO_8859_6 },
  { "iso8859-7", ENC_ISO_8859_7 },
  { "iso8859-8", ENC_ISO_8859_8 },
  { "iso8859-9", ENC_WINDOWS_1254 },
  { "iso88591", ENC_WINDOWS_1252 },
  { "iso885910", ENC_ISO_8859_10 },
  { "iso885911", ENC_WINDOWS_874 },
  { "iso885913", ENC_ISO_8859_13 },
  { "iso885914", ENC_ISO_8859_14 },
  { "iso885915", ENC_ISO_8859_15 },
  { "iso88592", ENC_ISO_8859_2 },
  { "iso88593", ENC_ISO_8859_3 },
  { "iso88594", ENC_ISO_8859_4 },
  { "iso88595", ENC_ISO_8859_5 },
  { "iso88596", ENC_ISO_8859_6 },
  { "iso88597", ENC_ISO_8859_7 },
  { "iso88598", ENC_ISO_8859_8 },
  { "iso88599", ENC_WINDOWS_1254 },
  { "iso_8859-1", ENC_WINDOWS_1252 },
  { "iso_8859-15", ENC_ISO_8859_15 },
  { "iso_8859-1:1987", ENC_WINDOWS_1252 },
  { "iso_8859-2", ENC_ISO_8859_2 },
  { "iso_8859-2:1987", ENC_ISO_8859_2 },
  { "iso_8859-3", ENC_ISO_8859_3 },
  { "iso_8859-3:1988", ENC_ISO_8859_3 },
  { "iso_8859-4", ENC_ISO_8859_4 },
  { "iso_8859-4:1988", ENC_ISO_8859_4 },
  { "iso_8859-5", ENC_ISO_8859_5 },
  { "iso_8859-5:1988", ENC_ISO_8859_5 },
  { "iso_8859-6", ENC_ISO_8859_6 },
  { "iso_8859-6:1987", ENC_ISO_8859_6 },
  { "iso_8859-7", ENC_ISO_8859_7 },
  { "iso_8859-7:1987", ENC_ISO_8859_7 },
  { "iso_8859-8", ENC_ISO_8859_8 },
  { "iso_8859-8:1988", ENC_ISO_8859_8 },
  { "iso_8859-9", ENC_WINDOWS_1254 },
  { "iso_8859-9:1989", ENC_WINDOWS_1254 },
  { "koi", ENC_KOI8_R },
  { "koi8", ENC_KOI8_R },
  { "koi8-r", ENC_KOI8_R },
  { "koi8-ru", ENC_KOI8_U },
  { "koi8-u", ENC_KOI8_U },
  { "koi8_r", ENC_KOI8_R },
  { "korean", ENC_EUC_KR },
  { "ks_c_5601-1987", ENC_EUC_KR },
  { "ks_c_5601-1989", ENC_EUC_KR },
  { "ksc5601", ENC_EUC_KR },
  { "ksc_5601", ENC_EUC_KR },
  { "l1", ENC_WINDOWS_1252 },
  { "l2", ENC_ISO_8859_2 },
  { "l3", ENC_ISO_8859_3 },
  { "l4", ENC_ISO_8859_4 },
  { "l5", ENC_WINDOWS_1254 },
  { "l6", ENC_ISO_8859_10 },
  { "l9", ENC_ISO_8859_15 },
  { "latin1", ENC_WINDOWS_1252 },
  { "latin2", ENC_ISO_8859_2 },
  { "latin3", ENC_ISO_8859_3 },
  { "latin4", ENC_ISO_8859_4 },
  { "latin5", ENC_WINDOWS_1254 },
  { "latin6", ENC_ISO_8859_10 },
  { "logical", ENC_ISO_8859_8_I },
  { "mac", ENC_MACINTOSH },
  { "macintosh", ENC_MACINTOSH },
  { "ms932", ENC_SHIFT_JIS },
  { "ms_kanji", ENC_SHIFT_JIS },
  { "replacement", ENC_REPLACEMENT },
  { "shift-jis", ENC_SHIFT_JIS },
  { "shift_jis", ENC_SHIFT_JIS },
  { "sjis", ENC_SHIFT_JIS },
  { "sun_eu_greek", ENC_ISO_8859_7 },
  { "tis-620", ENC_WINDOWS_874 },
  { "ucs-2", ENC_UTF_16LE },
  { "unicode", ENC_UTF_16LE },
  { "unicode-1-1-utf-8", ENC_UTF_8 },
  { "unicode11utf8", ENC_UTF_8 },
  { "unicode20utf8", ENC_UTF_8 },
  { "unicodefeff", ENC_UTF_16LE },
  { "unicodefffe", ENC_UTF_16BE },
  { "us-ascii", ENC_WINDOWS_1252 },
  { "utf-16", ENC_UTF_16LE },
  { "utf-16be", ENC_UTF_16BE },
  { "utf-16le", ENC_UTF_16LE },
  { "utf-8", ENC_UTF_8 },
  { "utf8", ENC_UTF_8 },
  { "visual", ENC_ISO_8859_8 },
  { "windows-1250", ENC_WINDOWS_1250 },
  { "windows-1251", ENC_WINDOWS_1251 },
  { "windows-1252", ENC_WINDOWS_1252 },
  { "windows-1253", ENC_WINDOWS_1253 },
  { "windows-1254", ENC_WINDOWS_1254 },
  { "windows-1255", ENC_WINDOWS_1255 },
  { "windows-1256", ENC_WINDOWS_1256 },
  { "windows-1257", ENC_WINDOWS_1257 },
  { "windows-1258", ENC_WINDOWS_1258 },
  { "windows-31j", ENC_SHIFT_JIS },
  { "windows-874", ENC_WINDOWS_874 },
  { "windows-949", ENC_EUC_KR },
  { "x-cp1250", ENC_WINDOWS_1250 },
  { "x-cp1251", ENC_WINDOWS_1251 },
  { "x-cp1252", ENC_WINDOWS_1252 },
  { "x-cp1253", ENC_WINDOWS_1253 },
  { "x-cp1254", ENC_WINDOWS_1254 },
  { "x-cp1255", ENC_WINDOWS_1255 },
  { "x-cp1256", ENC_WINDOWS_1256 },
  { "x-cp1257", ENC_WINDOWS_1257 },
  { "x-cp1258", ENC_WINDOWS_1258 },
  { "x-euc-jp", ENC_EUC_JP },
  { "x-gbk", ENC_GBK },
  { "x-mac-cyrillic", ENC_X_MAC_CYRILLIC },
  { "x-mac-roman", ENC_MACINTOSH },
  { "x-mac-ukrainian", ENC_X_MAC_CYRILLIC },
  { "x-sjis", ENC_SHIFT_JIS },
  { "x-unicode20utf8", ENC_UTF_8 },
  { "x-user-defined", ENC_X_USER_DEFINED },
  { "x-x-big5", ENC_BIG5 },
};

/* The encodings the sniffer chooses among, in order of preference when two
 * score the same.
 */
static const Encoding sniff_candidates[] = {
  ENC_GBK,
  ENC_BIG5,
  ENC_SHIFT_JIS,
  ENC_EUC_JP,
  ENC_EUC_KR,
  ENC_WINDOWS_1251,
  ENC_KOI8_R,
  ENC_WINDOWS_1252,
};

/* Frequent CJK ideographs (simplified and traditional Chinese, and Japanese
 * kanji) and frequent Hangul syllables. Text decoded with the right encoding
 * is mostly made of them; text decoded with the wrong one lands on rare
 * characters. Short on purpose: a long list would accept random characters.
 */
static const char * const common_ideographs[] = {
  "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可",
  "也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方",
  "多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心",
  "她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情",
  "明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政",
  "美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给",
  "世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入",
  "几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太",
  "量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社",
  "便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象",
  "完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共",
  "确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济",
  "车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影",
  "具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚",
  "请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企",
  "八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历",
  "首医局突专费号尽另周较注语仅考落青随选列這個們來為國說時會對",
  "過發後裡麼還進當從現應與開關長問間實動點體學東車電話見覺將機",
  "幾給讓認義親書聽產業無種軍於經數頭隊員則兒樣邊區並門議總變聲",
  "報記條張處設論計務萬風師氣難號權場據觀統團質專領導類運視題響",
  "傳況強陳華結連調顯際歲聯錢達節較網醫藝術臺灣愛歡讀寫買賣麗亞",
  "語樂識資訊價錯係濟齊歷標準營銷組織輕鬆擊戰爭勝負圖畫廣廠縣鄉",
  "鎮劉趙黃楊吳鄭孫馬鄧許蕭謝葉韓蘇眾雖雙雲費農轉輪辦選遠適邏錄",
  "鐘鐵銀閱陽隨險雜離靜頁項順須預顏顧飛飯館驗髮鬥魚鳥黨龍裏腦軟",
  "硬料評售購訂單討決劃執證環境護規範圍域層級別音頻檔案站帳密碼",
  "登註冊擇確刪編輯儲載搜尋隱藏啟閉停止繼續暫誤警幫助繫郵址週狀",
  "態責壓擔歸夠京田野画売私朝終広町急送転足楽店待試族映験仕味答",
  "夜帰古歌悪図室歩紙黒春赤屋秋夏習駅洋旅夕借曜飲肉貸堂勉冬昼茶",
  "弟牛兄犬妹姉漢気読聞食半午円男校川雨休千七木土関発変対応経済",
  "挙権続査説予実施増減価状初援供参様彼僕君俺皆誰訳頃",
};

static const char * const common_hangul[] = {
  "이다는의에가하고을지기서리자사한로대도어일수정들시적나인으해",
  "있국전부아것구게상라보주면제여장거그동문신소만내성관연원비우",
  "마생요화경위니조세스공개했미할실계방중물과분오와발유무모합드",
  "안회행르진금학민선용없식된말치년후터간때체당결표명운습날야되",
  "러음단까현반작업입산법영군통데저력건황재품차석태예점호파역교",
  "악최본불및권심토평강환족외양육련복형격배준번책증김박감질담록",
  "량료험확근순병함죽북집살글술왕씨울옥락잘른월례색판넣던었았였",
  "겠네죠며를은처럼됩또희람각늘너많더욱든떤엇누디언왜떻좋쁜새같",
  "따령뉴",
};

#define IDEOGRAPH_FIRST 0x4e00
#define IDEOGRAPH_LAST  0x9fff
#define HANGUL_FIRST    0xac00
#define HANGUL_LAST     0xd7a3

typedef struct {
  guint8 ideographs[(IDEOGRAPH_LAST - IDEOGRAPH_FIRST + 8) / 8];
  guint8 hangul[(HANGUL_LAST - HANGUL_FIRST + 8) / 8];
} CommonTables;

typedef struct {
  char  *data;
  gsize  len;
  gsize  alloc;
  gsize  n_errors;
} OutBuf;

typedef struct {
  gsize    n_multibyte;
  gsize    n_invalid;
  gsize    n_nul;
  gboolean scanned;
} Utf8Stats;

/* windows-1252 bytes 0x80 to 0x9F; the rest of the encoding is Latin-1. */
static const gunichar windows_1252_high[32] = {
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

static void
bitmap_set_from_strings (guint8             *bitmap,
                         gunichar            first,
                         gunichar            last,
                         const char * const *strings,
                         gsize               n_strings)
{
  for (gsize i = 0; i < n_strings; i++) {
    for (const char *p = strings[i]; *p; p = g_utf8_next_char (p)) {
      gunichar c = g_utf8_get_char (p);

      if (c >= first && c <= last)
        bitmap[(c - first) / 8] |= 1 << ((c - first) % 8);
    }
  }
}

static const CommonTables *
get_common_tables (void)
{
  static CommonTables tables;
  static gsize initialized = 0;

  /* Built once from the lists above and never changed afterwards, so
   * concurrent decoders only ever read it.
   */
  if (g_once_init_enter (&initialized)) {
    bitmap_set_from_strings (tables.ideographs, IDEOGRAPH_FIRST, IDEOGRAPH_LAST,
                             common_ideographs, G_N_ELEMENTS (common_ideographs));
    bitmap_set_from_strings (tables.hangul, HANGUL_FIRST, HANGUL_LAST,
                             common_hangul, G_N_ELEMENTS (common_hangul));
    g_once_init_leave (&initialized, 1);
  }

  return &tables;
}

static gboolean
bitmap_has (const guint8 *bitmap,
            gunichar      first,
            gunichar      c)
{
  return (bitmap[(c - first) / 8] & (1 << ((c - first) % 8))) != 0;
}

static int
compare_label_cb (const void *key,
                  const void *member)
{
  const LabelEntry *entry = member;

  return strcmp (key, entry->label);
}

static gboolean
is_label_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int
lookup_label (const char *label,
              gsize       length)
{
  char key[MAX_LABEL_LENGTH + 1];
  const LabelEntry *entry;
  gsize start = 0;
  gsize end = length;

  while (start < end && is_label_space (label[start]))
    start++;
  while (end > start && is_label_space (label[end - 1]))
    end--;

  if (end == start || end - start > MAX_LABEL_LENGTH)
    return -1;

  for (gsize i = start; i < end; i++) {
    if (label[i] == '\0')
      return -1;
    key[i - start] = g_ascii_tolower (label[i]);
  }
  key[end - start] = '\0';

  entry = bsearch (key, labels, G_N_ELEMENTS (labels), sizeof (LabelEntry), compare_label_cb);
  return entry ? (int)entry->encoding : -1;
}

/**
 * lectern_encoding_from_label:
 * @label: an encoding label, such as the charset parameter of a Content-Type
 *
 * Looks @label up in the WHATWG Encoding Standard's table of labels, ignoring
 * ASCII case and surrounding whitespace: "latin1" and "US-ASCII" give
 * "windows-1252", " gb2312 " gives "GBK", "sjis" gives "Shift_JIS".
 *
 * Returns: (nullable): the encoding's canonical name, or %NULL when the label
 *   is unknown
 */
const char *
lectern_encoding_from_label (const char *label)
{
  int encoding;

  g_return_val_if_fail (label != NULL, NULL);

  encoding = lookup_label (label, strlen (label));
  return encoding < 0 ? NULL : encodings[encoding].name;
}

/* Output buffer. */

static void
out_reserve (OutBuf *out,
             gsize   extra)
{
  if (out->alloc - out->len > extra)
    return;

  out->alloc = MAX (out->alloc * 2, out->len + extra + 1);
  out->data = g_realloc (out->data, out->alloc);
}

static void
out_append (OutBuf     *out,
            const char *bytes,
            gsize       length)
{
  out_reserve (out, length);
  memcpy (out->data + out->len, bytes, length);
  out->len += length;
}

static void
out_append_unichar (OutBuf   *out,
                    gunichar  c)
{
  out_reserve (out, 6);
  out->len += g_unichar_to_utf8 (c, out->data + out->len);
}

static void
out_replacement (OutBuf   *out,
                 gboolean  is_error)
{
  out_append (out, replacement_utf8, 3);
  if (is_error)
    out->n_errors++;
}

static char *
out_finish (OutBuf *out,
            gsize  *length)
{
  /* Exactly what it holds: decoding a big page must not leave it twice its
   * size for as long as the caller keeps it.
   */
  out->alloc = out->len + 1;
  out->data = g_realloc (out->data, out->alloc);
  out->data[out->len] = '\0';
  if (length)
    *length = out->len;
  return out->data;
}

/* UTF-8. */

/* The length of the maximal subpart of an ill-formed sequence at @p, which
 * becomes one U+FFFD (Unicode's "best practice", which the WHATWG decoder
 * follows).
 */
static gsize
utf8_invalid_length (const guchar *p,
                     const guchar *end)
{
  guchar lo = 0x80;
  guchar hi = 0xbf;
  gsize need;
  gsize i;

  if (p[0] >= 0xc2 && p[0] <= 0xdf) {
    need = 1;
  } else if (p[0] == 0xe0) {
    need = 2;
    lo = 0xa0;
  } else if (p[0] == 0xed) {
    need = 2;
    hi = 0x9f;
  } else if (p[0] >= 0xe1 && p[0] <= 0xef) {
    need = 2;
  } else if (p[0] == 0xf0) {
    need = 3;
    lo = 0x90;
  } else if (p[0] == 0xf4) {
    need = 3;
    hi = 0x8f;
  } else if (p[0] >= 0xf1 && p[0] <= 0xf3) {
    need = 3;
  } else {
    return 1;
  }

  for (i = 1; i <= need && p + i < end; i++) {
    if (p[i] < lo || p[i] > hi)
      break;
    lo = 0x80;
    hi = 0xbf;
  }

  return i;
}

static void
decode_utf8 (const char *data,
             gsize       length,
             OutBuf     *out)
{
  const char *p = data;
  const char *end = data + length;

  out_reserve (out, length);

  while (p < end) {
    const char *valid_end;

    /* g_utf8_validate_len() stops at NUL bytes as well as at errors. */
    g_utf8_validate_len (p, end - p, &valid_end);
    out_append (out, p, valid_end - p);
    p = valid_end;
    if (p == end)
      break;

    if (*p == '\0') {
      out_replacement (out, FALSE);
      p++;
    } else {
      out_replacement (out, TRUE);
      p += utf8_invalid_length ((const guchar *)p, (const guchar *)end);
    }
  }
}

/* Eight bytes at a time where the page is plain ASCII, which most of any
 * page's markup is.
 */
#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

static inline guint64
load_word (const guchar *p)
{
  guint64 word;

  memcpy (&word, p, sizeof word);

  return word;
}

/* Whether all eight bytes are ASCII and none is NUL. */
static inline gboolean
is_ascii_word (guint64 word)
{
  return ((word | ((word - ONES) & ~word)) & HIGHS) == 0;
}

/* The number of bytes that start a multibyte sequence (11xxxxxx). */
static gsize
count_lead_bytes (const guchar *p,
                  const guchar *end)
{
  gsize n = 0;

  for (; end - p >= 8; p += 8) {
    guint64 word = load_word (p);

    n += __builtin_popcountll (word & (word << 1) & HIGHS);
  }
  for (; p < end; p++) {
    if ((*p & 0xc0) == 0xc0)
      n++;
  }

  return n;
}

static void
scan_utf8 (const char *data,
           gsize       length,
           Utf8Stats  *stats)
{
  const guchar *p = (const guchar *)data;
  const guchar *end = p + length;

  stats->n_multibyte = 0;
  stats->n_invalid = 0;
  stats->n_nul = 0;
  stats->scanned = TRUE;

  while (p < end) {
    const guchar *run_end;
    const char *valid_end;

    /* Skip ASCII quickly, then let GLib validate the run of other bytes: no byte of a
     * multibyte character is ASCII, so the run ends where the characters do.
     */
    while (end - p >= 8 && is_ascii_word (load_word (p)))
      p += 8;
    while (p < end && *p > 0 && *p < 0x80)
      p++;
    if (p == end)
      break;

    if (*p == 0) {
      stats->n_nul++;
      p++;
      continue;
    }

    for (run_end = p; run_end < end && *run_end >= 0x80; run_end++)
      ;
    g_utf8_validate_len ((const char *)p, run_end - p, &valid_end);
    stats->n_multibyte += count_lead_bytes (p, (const guchar *)valid_end);
    p = (const guchar *)valid_end;
    if (p < run_end) {
      stats->n_invalid++;
      p += utf8_invalid_length (p, end);
    }
  }
}

/* UTF-16. */

static void
decode_utf16 (const char *data,
              gsize       length,
              gboolean    big_endian,
              OutBuf     *out)
{
  const guchar *p = (const guchar *)data;
  const guchar *end = p + (length & ~(gsize)1);

  out_reserve (out, length + length / 2);

  while (p < end) {
    gunichar unit = big_endian ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]);

    p += 2;
    if (unit == 0) {
      out_replacement (out, FALSE);
    } else if (unit >= 0xd800 && unit <= 0xdbff) {
      gunichar low = 0;

      if (p < end)
        low = big_endian ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]);

      /* A lead surrogate without its trail is an error; the unit after it
       * is decoded on its own.
       */
      if (low >= 0xdc00 && low <= 0xdfff) {
        out_append_unichar (out, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
        p += 2;
      } else {
        out_replacement (out, TRUE);
      }
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      out_replacement (out, TRUE);
    } else {
      out_append_unichar (out, unit);
    }
  }

  if (length % 2 != 0)
    out_replacement (out, TRUE);
}

/* Single-byte encodings GLib's iconv does not do the WHATWG way. */

static void
decode_windows_1252 (const char *data,
                     gsize       length,
                     OutBuf     *out)
{
  const guchar *p = (const guchar *)data;
  const guchar *end = p + length;
  char high[128][4];
  guint8 high_length[128];

  /* The UTF-8 of every byte from 0x80 up, worked out once per call. */
  for (int b = 0; b < 128; b++) {
    gunichar c = b < 0x20 ? windows_1252_high[b] : (gunichar)(b + 0x80);

    high_length[b] = g_unichar_to_utf8 (c, high[b]);
  }

  out_reserve (out, length + length / 2);

  while (p < end) {
    const guchar *run = p;

    while (p < end && *p > 0 && *p < 0x80)
      p++;
    out_append (out, (const char *)run, p - run);
    if (p == end)
      break;

    if (*p == 0)
      out_replacement (out, FALSE);
    else
      out_append (out, high[*p - 0x80], high_length[*p - 0x80]);
    p++;
  }
}

static void
decode_user_defined (const char *data,
                     gsize       length,
                     OutBuf     *out)
{
  out_reserve (out, length);

  for (gsize i = 0; i < length; i++) {
    guchar b = data[i];

    if (b == 0)
      out_replacement (out, FALSE);
    else if (b < 0x80)
      out_append (out, (const char *)&b, 1);
    else
      out_append_unichar (out, 0xf780 + b - 0x80);
  }
}

/* Everything else goes through GLib's iconv. */

static void
iconv_flush (GIConv  cd,
             OutBuf *out)
{
  char *outbuf;
  gsize outleft;

  /* Some decoders (Big5-HKSCS) hold a character back to see whether a
   * combining one follows; flushing writes it out and resets the state.
   */
  out_reserve (out, 32);
  outbuf = out->data + out->len;
  outleft = out->alloc - out->len - 1;
  g_iconv (cd, NULL, NULL, &outbuf, &outleft);
  out->len = outbuf - out->data;
}

static void
iconv_segment (GIConv      cd,
               const char *data,
               gsize       length,
               OutBuf     *out)
{
  char *inbuf = (char *)data;
  gsize inleft = length;

  while (inleft > 0) {
    char *outbuf;
    gsize outleft;
    gsize result;

    /* Three output bytes per input byte covers every encoding we decode;
     * the cap keeps a large input from reserving everything at once.
     */
    out_reserve (out, MIN (inleft, 1 << 20) * 3 + 16);
    outbuf = out->data + out->len;
    outleft = out->alloc - out->len - 1;

    result = g_iconv (cd, &inbuf, &inleft, &outbuf, &outleft);
    out->len = outbuf - out->data;

    if (result != (gsize)-1)
      continue;
    if (errno == E2BIG)
      continue;

    /* EILSEQ or EINVAL (a truncated sequence at the end): one U+FFFD for
     * the byte that failed, then go on from the next byte, as the WHATWG
     * multi-byte decoders do when the trail byte is ASCII.
     */
    iconv_flush (cd, out);
    out_replacement (out, TRUE);
    inbuf++;
    inleft--;
  }

  iconv_flush (cd, out);
}

static gboolean
decode_iconv (const EncodingInfo *info,
              const char         *data,
              gsize               length,
              OutBuf             *out)
{
  const char *p = data;
  const char *end = data + length;
  GIConv cd;

  cd = g_iconv_open ("UTF-8", info->iconv_name);
  if (cd == (GIConv)-1 && info->iconv_fallback)
    cd = g_iconv_open ("UTF-8", info->iconv_fallback);
  if (cd == (GIConv)-1)
    return FALSE;

  /* NUL is a character of its own in every encoding decoded here, never
   * part of a multi-byte sequence, so cutting the input at NULs is safe and
   * keeps them out of the output.
   */
  while (p < end) {
    const char *nul = memchr (p, '\0', end - p);
    const char *segment_end = nul ? nul : end;

    iconv_segment (cd, p, segment_end - p, out);
    if (!nul)
      break;
    out_replacement (out, FALSE);
    p = nul + 1;
  }

  g_iconv_close (cd);
  return TRUE;
}

static void
decode_with (Encoding    encoding,
             const char *data,
             gsize       length,
             OutBuf     *out)
{
  const EncodingInfo *info = &encodings[encoding];

  switch (info->kind) {
    case KIND_UTF8:
      decode_utf8 (data, length, out);
      break;
    case KIND_UTF16LE:
      decode_utf16 (data, length, FALSE, out);
      break;
    case KIND_UTF16BE:
      decode_utf16 (data, length, TRUE, out);
      break;
    case KIND_USER_DEFINED:
      decode_user_defined (data, length, out);
      break;
    case KIND_REPLACEMENT:
      /* Never chosen: lectern_decode_html() ignores the label. */
      if (length > 0)
        out_replacement (out, TRUE);
      break;
    case KIND_ICONV:
      if (decode_iconv (info, data, length, out))
        break;
      /* Without the converter, Latin-1 with windows-1252's extras beats
       * nothing at all.
       */
      G_GNUC_FALLTHROUGH;
    case KIND_WINDOWS_1252:
      decode_windows_1252 (data, length, out);
      break;
    default:
      g_assert_not_reached ();
  }
}

/* The prescan: HTML's "prescan a byte stream to determine its encoding". */

typedef struct {
  const guchar *p;
  const guchar *end;
} Scanner;

static gboolean
is_html_space (guchar c)
{
  return c == 0x09 || c == 0x0a || c == 0x0c || c == 0x0d || c == 0x20;
}

static gboolean
has_prefix_ci (const Scanner *s,
               const char    *prefix)
{
  gsize n = strlen (prefix);

  return (gsize)(s->end - s->p) >= n &&
         g_ascii_strncasecmp ((const char *)s->p, prefix, n) == 0;
}

static void
append_capped (GString *str,
               guchar   c)
{
  /* Attribute names and values that matter here are short; a cap keeps a
   * hostile page from making us copy megabytes.
   */
  if (str->len < 1024)
    g_string_append_c (str, g_ascii_tolower (c));
}

/* HTML's "get an attribute". Returns FALSE when there is none, or when the
 * bytes run out.
 */
static gboolean
scan_attribute (Scanner *s,
                GString *name,
                GString *value)
{
  guchar quote;

  g_string_truncate (name, 0);
  g_string_truncate (value, 0);

  while (s->p < s->end && (is_html_space (*s->p) || *s->p == '/'))
    s->p++;
  if (s->p >= s->end || *s->p == '>')
    return FALSE;

  /* The name. */
  for (;;) {
    if (s->p >= s->end)
      return FALSE;
    if (*s->p == '=' && name->len > 0) {
      s->p++;
      goto value;
    }
    if (is_html_space (*s->p))
      break;
    if (*s->p == '/' || *s->p == '>')
      return TRUE;
    append_capped (name, *s->p);
    s->p++;
  }

  while (s->p < s->end && is_html_space (*s->p))
    s->p++;
  if (s->p >= s->end)
    return FALSE;
  if (*s->p != '=')
    return TRUE;
  s->p++;

value:
  while (s->p < s->end && is_html_space (*s->p))
    s->p++;
  if (s->p >= s->end)
    return FALSE;

  if (*s->p == '"' || *s->p == '\'') {
    quote = *s->p++;
    while (s->p < s->end && *s->p != quote)
      append_capped (value, *s->p++);
    if (s->p >= s->end)
      return FALSE;
    s->p++;
    return TRUE;
  }

  if (*s->p == '>')
    return TRUE;

  while (s->p < s->end && !is_html_space (*s->p) && *s->p != '>')
    append_capped (value, *s->p++);

  return s->p < s->end;
}

/* HTML's "extract a character encoding from a meta element" for the content
 * attribute of <meta http-equiv=content-type>.
 */
static int
encoding_from_content (const char *content)
{
  const char *p = content;

  for (;;) {
    const char *start;
    const char *found = strstr (p, "charset");

    if (!found)
      return -1;
    p = found + strlen ("charset");
    while (is_html_space (*p))
      p++;
    if (*p != '=')
      continue;
    p++;
    while (is_html_space (*p))
      p++;

    if (*p == '"' || *p == '\'') {
      const char *close = strchr (p + 1, *p);

      if (!close)
        return -1;
      return lookup_label (p + 1, close - p - 1);
    }

    if (*p == '\0')
      return -1;

    start = p;
    while (*p && !is_html_space (*p) && *p != ';')
      p++;
    return lookup_label (start, p - start);
  }
}

/* Handles one <meta> tag whose "<meta" the scanner has passed. */
static int
scan_meta (Scanner *s)
{
  g_autoptr (GString) name = g_string_new (NULL);
  g_autoptr (GString) value = g_string_new (NULL);
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  gboolean got_pragma = FALSE;
  int need_pragma = -1;
  int charset = -1;

  while (scan_attribute (s, name, value)) {
    gboolean duplicate = FALSE;

    for (guint i = 0; i < seen->len && !duplicate; i++)
      duplicate = strcmp (g_ptr_array_index (seen, i), name->str) == 0;
    if (duplicate)
      continue;
    g_ptr_array_add (seen, g_strdup (name->str));

    if (strcmp (name->str, "http-equiv") == 0) {
      if (strcmp (value->str, "content-type") == 0)
        got_pragma = TRUE;
    } else if (strcmp (name->str, "content") == 0) {
      if (charset < 0) {
        charset = encoding_from_content (value->str);
        if (charset >= 0)
          need_pragma = TRUE;
      }
    } else if (strcmp (name->str, "charset") == 0) {
      charset = lookup_label (value->str, value->len);
      need_pragma = FALSE;
    }
  }

  if (need_pragma < 0 || (need_pragma && !got_pragma) || charset < 0)
    return -1;

  if (charset == ENC_UTF_16LE || charset == ENC_UTF_16BE)
    return ENC_UTF_8;
  if (charset == ENC_X_USER_DEFINED)
    return ENC_WINDOWS_1252;
  /* The replacement encoding guards browsers against ISO-2022-KR and
   * friends being used to smuggle markup; our output is sanitised anyway,
   * and a readable page is worth more than one U+FFFD.
   */
  if (charset == ENC_REPLACEMENT)
    return -1;

  return charset;
}

static void
skip_past (Scanner    *s,
           const char *needle)
{
  gsize n = strlen (needle);

  while ((gsize)(s->end - s->p) >= n && memcmp (s->p, needle, n) != 0)
    s->p++;
  s->p = (gsize)(s->end - s->p) >= n ? s->p + n : s->end;
}

static int
prescan (const char *data,
         gsize       length)
{
  Scanner s = { (const guchar *)data, (const guchar *)data + length };

  while (s.p < s.end) {
    if (has_prefix_ci (&s, "<!--")) {
      /* "<!-->" closes itself: the search starts inside the opener. */
      s.p += 2;
      skip_past (&s, "-->");
    } else if (has_prefix_ci (&s, "<meta") && s.end - s.p > 5 &&
               (is_html_space (s.p[5]) || s.p[5] == '/')) {
      int charset;

      s.p += 5;
      charset = scan_meta (&s);
      if (charset >= 0)
        return charset;
    } else if (s.end - s.p > 1 && s.p[0] == '<' &&
               (g_ascii_isalpha (s.p[1]) ||
                (s.p[1] == '/' && s.end - s.p > 2 && g_ascii_isalpha (s.p[2])))) {
      g_autoptr (GString) name = g_string_new (NULL);
      g_autoptr (GString) value = g_string_new (NULL);

      while (s.p < s.end && !is_html_space (*s.p) && *s.p != '>')
        s.p++;
      while (scan_attribute (&s, name, value))
        ;
    } else if (has_prefix_ci (&s, "<!") || has_prefix_ci (&s, "</") ||
               has_prefix_ci (&s, "<?")) {
      skip_past (&s, ">");
    } else {
      s.p++;
    }
  }

  return -1;
}

/* The sniffer. Each candidate decodes a sample, and the decoded text gets a
 * score for how much it looks like real text: common characters of the
 * script it lands in count for it, rare characters, private-use characters,
 * case and symbol soup, and decoding errors count against it.
 */

static gboolean
is_cyrillic_upper (gunichar c)
{
  return (c >= 0x0410 && c <= 0x042f) || (c >= 0x0400 && c <= 0x040f);
}

static gboolean
is_cyrillic_lower (gunichar c)
{
  return (c >= 0x0430 && c <= 0x045f);
}

static gboolean
is_latin_letter (gunichar c)
{
  return (c >= 0x00c0 && c <= 0x024f && c != 0x00d7 && c != 0x00f7);
}

static int
score_char (const CommonTables *tables,
            gunichar            prev,
            gunichar            c)
{
  if (c == 0xfffd)
    return -20;
  if (c >= 0x3041 && c <= 0x30ff)
    return 2;
  if (c >= IDEOGRAPH_FIRST && c <= IDEOGRAPH_LAST)
    return bitmap_has (tables->ideographs, IDEOGRAPH_FIRST, c) ? 2 : -1;
  if (c >= HANGUL_FIRST && c <= HANGUL_LAST)
    return bitmap_has (tables->hangul, HANGUL_FIRST, c) ? 2 : -1;
  if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff5e))
    return 1;
  if (c >= 0xff61 && c <= 0xff9f)
    return -1;
  /* Cyrillic words hold neither Latin letters nor symbols; lower case
   * follows upper case, rarely the other way round.
   */
  if (is_cyrillic_lower (c)) {
    if (prev < 0x80 ? g_ascii_isalpha (prev) :
        !is_cyrillic_lower (prev) && !is_cyrillic_upper (prev))
      return -2;
    return 2;
  }
  if (is_cyrillic_upper (c)) {
    if (is_cyrillic_lower (prev) || (prev < 0x80 && g_ascii_isalpha (prev)))
      return -2;
    if (is_cyrillic_upper (prev))
      return 0;
    return prev >= 0x80 ? -2 : 1;
  }
  if (is_latin_letter (c))
    return prev < 0x80 ? 1 : -1;
  if ((c >= 0x00a0 && c <= 0x00bf) || (c >= 0x2010 && c <= 0x206f) || c == 0x20ac ||
      c == 0x2122 || c == 0x00d7 || c == 0x00f7)
    return prev < 0x80 || g_unichar_isspace (prev) ? 1 : -2;
  if (c < 0x00a0 || (c >= 0xe000 && c <= 0xf8ff) || (c >= 0x3400 && c <= 0x4dbf) ||
      c > 0xffff)
    return -5;
  if ((c >= 0x0370 && c <= 0x0fff) || (c >= 0x1e00 && c <= 0x1eff))
    return 1;

  return 0;
}

typedef struct {
  int   score;
  gsize n_errors;
  gsize n_non_ascii;
} Verdict;

static Verdict
judge (Encoding    encoding,
       const char *data,
       gsize       length)
{
  const CommonTables *tables = get_common_tables ();
  OutBuf out = { NULL, 0, 0, 0 };
  Verdict verdict = { 0, 0, 0 };
  gunichar prev = ' ';

  decode_with (encoding, data, length, &out);
  out_finish (&out, NULL);

  for (const char *p = out.data; p < out.data + out.len; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (c >= 0x80) {
      verdict.score += score_char (tables, prev, c);
      verdict.n_non_ascii++;
    } else if (g_ascii_isalpha (c) && (is_cyrillic_lower (prev) || is_cyrillic_upper (prev)))
      verdict.score -= 2;
    prev = c;
  }

  verdict.n_errors = out.n_errors;
  g_free (out.data);
  return verdict;
}

/* The first SNIFF_LENGTH bytes, cut after an ASCII byte so that no
 * candidate is blamed for a character the cut split.
 */
static gsize
sample_length (const char *data,
               gsize       length)
{
  gsize n = MIN (length, SNIFF_LENGTH);

  if (n == length)
    return n;

  for (gsize i = n; i > n - 64 && i > 0; i--) {
    if ((guchar)data[i - 1] < 0x80)
      return i;
  }

  return n;
}

static int
sniff_legacy (const char *data,
              gsize       length,
              Verdict    *best_verdict)
{
  gsize n = sample_length (data, length);
  int best = -1;

  for (gsize i = 0; i < G_N_ELEMENTS (sniff_candidates); i++) {
    Verdict verdict = judge (sniff_candidates[i], data, n);

    if (best < 0 || verdict.score > best_verdict->score) {
      best = sniff_candidates[i];
      *best_verdict = verdict;
    }
  }

  return best;
}

static gboolean
is_sniff_candidate (int encoding)
{
  if (encoding == ENC_UTF_8 || encoding == ENC_GB18030)
    return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (sniff_candidates); i++) {
    if ((int)sniff_candidates[i] == encoding)
      return TRUE;
  }

  return FALSE;
}

/* A declaration loses to the sniffer only when its own decoding looks like
 * gibberish and the sniffer's choice looks like text.
 */
static int
check_declared (int         declared,
                const char *data,
                gsize       length)
{
  gsize n = sample_length (data, length);
  Verdict verdict;
  Verdict best_verdict = { 0, 0, 0 };
  int best;

  if (!is_sniff_candidate (declared))
    return declared;

  /* A few characters are too little evidence against a declaration. */
  verdict = judge (declared, data, n);
  if (verdict.score > 0 || verdict.n_non_ascii < 16)
    return declared;

  best = sniff_legacy (data, length, &best_verdict);
  if (best_verdict.score > 0 && best_verdict.score > verdict.score &&
      best_verdict.n_errors <= verdict.n_errors)
    return best;

  return declared;
}

static gboolean
is_legacy (int encoding)
{
  return encoding != ENC_UTF_8 && encoding != ENC_UTF_16LE && encoding != ENC_UTF_16BE;
}

/* Also leaves in @stats what it learnt of the bytes as UTF-8, when it
 * looked at them.
 */
static int
choose_encoding (const char  *data,
                 gsize        length,
                 const char  *charset_hint,
                 gsize       *bom_length,
                 Utf8Stats   *utf8_stats)
{
  const guchar *bytes = (const guchar *)data;
  Utf8Stats stats = { 0, };
  int declared = -1;

  *bom_length = 0;
  utf8_stats->scanned = FALSE;

  if (length >= 3 && bytes[0] == 0xef && bytes[1] == 0xbb && bytes[2] == 0xbf) {
    *bom_length = 3;
    return ENC_UTF_8;
  }
  if (length >= 2 && bytes[0] == 0xfe && bytes[1] == 0xff) {
    *bom_length = 2;
    return ENC_UTF_16BE;
  }
  if (length >= 2 && bytes[0] == 0xff && bytes[1] == 0xfe) {
    *bom_length = 2;
    return ENC_UTF_16LE;
  }

  if (charset_hint) {
    declared = lookup_label (charset_hint, strlen (charset_hint));
    if (declared == ENC_REPLACEMENT)
      declared = -1;
  }
  if (declared < 0)
    declared = prescan (data, MIN (length, PRESCAN_LENGTH));

  scan_utf8 (data, length, &stats);
  *utf8_stats = stats;

  if (declared < 0 && stats.n_invalid == 0)
    return ENC_UTF_8;

  /* Browsers only look at the first 1024 bytes, but pages with a long head
   * often declare their charset further down; it beats a guess.
   */
  if (declared < 0)
    declared = prescan (data, MIN (length, LATE_PRESCAN_LENGTH));

  if (declared < 0) {
    Verdict verdict;
    int sniffed = sniff_legacy (data, length, &verdict);

    return sniffed >= 0 ? sniffed : ENC_WINDOWS_1252;
  }

  if (is_legacy (declared) && stats.n_invalid == 0 && stats.n_multibyte > 0)
    return ENC_UTF_8;

  if (declared == ENC_UTF_16LE || declared == ENC_UTF_16BE)
    return declared;

  /* A UTF-8 page with a few stray bytes stays UTF-8; one where invalid
   * sequences outnumber valid ones is probably in a legacy encoding.
   */
  if (declared == ENC_UTF_8 && (stats.n_invalid < 4 || stats.n_invalid <= stats.n_multibyte))
    return declared;

  return check_declared (declared, data, length);
}

/**
 * lectern_decode_html:
 * @data: (array length=length): the bytes of a page
 * @length: the number of bytes in @data
 * @charset_hint: (nullable): the charset the transport declared, such as the
 *   charset parameter of an HTTP Content-Type header
 * @encoding: (out) (optional) (transfer none): the canonical name of the
 *   encoding used
 * @out_length: (out) (optional): the length of the result in bytes
 *
 * Decodes an HTML page to UTF-8. The encoding comes from, in this order, a
 * byte order mark, @charset_hint, a <meta> declaration near the top of the
 * page, and a sniff of the bytes; a declaration that the bytes plainly
 * contradict (a page labelled gb2312 that is really UTF-8) is overruled.
 * Bytes that do not decode become U+FFFD, and so do NUL bytes. Never fails,
 * and takes time linear in @length.
 *
 * Returns: (transfer full): the page as valid, NUL-terminated UTF-8 with no
 *   NUL bytes inside
 */
char *
lectern_decode_html (const char  *data,
                     gsize        length,
                     const char  *charset_hint,
                     const char **encoding,
                     gsize       *out_length)
{
  OutBuf out = { NULL, 0, 0, 0 };
  Utf8Stats stats;
  gsize bom_length;
  int chosen;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0) {
    if (encoding)
      *encoding = encodings[ENC_UTF_8].name;
    return out_finish (&out, out_length);
  }

  chosen = choose_encoding (data, length, charset_hint, &bom_length, &stats);

  /* Valid UTF-8 without NULs, as most pages are, is already what we return. */
  if (chosen == ENC_UTF_8 && stats.scanned && stats.n_invalid == 0 && stats.n_nul == 0) {
    g_assert (bom_length == 0);
    out.len = length;
    out.alloc = length + 1;
    out.data = g_malloc (out.alloc);
    memcpy (out.data, data, length);
  } else {
    decode_with (chosen, data + bom_length, length - bom_length, &out);
  }

  /* iconv's output is UTF-8 by construction; this pass costs little and
   * makes "always valid" independent of every converter's corner cases.
   */
  if (chosen != ENC_UTF_8 && !g_utf8_validate_len (out.data, out.len, NULL)) {
    OutBuf clean = { NULL, 0, 0, 0 };

    decode_utf8 (out.data, out.len, &clean);
    g_free (out.data);
    out = clean;
  }

  if (encoding)
    *encoding = encodings[chosen].name;
  return out_finish (&out, out_length);
}
