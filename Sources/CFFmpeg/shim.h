#ifndef CALLSIFT_CFFMPEG_SHIM_H
#define CALLSIFT_CFFMPEG_SHIM_H

#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
#include <libswresample/swresample.h>

// Macros built from FFERRTAG/casts do not import into Swift: re-export them as constants.
static const int CS_AVERROR_EOF = AVERROR_EOF;
static const int CS_AVERROR_EXIT = AVERROR_EXIT;
static const int CS_AVERROR_INVALIDDATA = AVERROR_INVALIDDATA;
static const int CS_AVERROR_DECODER_NOT_FOUND = AVERROR_DECODER_NOT_FOUND;
static const int CS_AVERROR_DEMUXER_NOT_FOUND = AVERROR_DEMUXER_NOT_FOUND;
static const int CS_AVERROR_STREAM_NOT_FOUND = AVERROR_STREAM_NOT_FOUND;
static const int CS_AVERROR_HTTP_BAD_REQUEST = AVERROR_HTTP_BAD_REQUEST;
static const int CS_AVERROR_HTTP_UNAUTHORIZED = AVERROR_HTTP_UNAUTHORIZED;
static const int CS_AVERROR_HTTP_FORBIDDEN = AVERROR_HTTP_FORBIDDEN;
static const int CS_AVERROR_HTTP_NOT_FOUND = AVERROR_HTTP_NOT_FOUND;
static const int CS_AVERROR_HTTP_OTHER_4XX = AVERROR_HTTP_OTHER_4XX;
static const int CS_AVERROR_HTTP_SERVER_ERROR = AVERROR_HTTP_SERVER_ERROR;
static const int CS_AVERROR_EAGAIN = AVERROR(EAGAIN);
static const int64_t CS_AV_NOPTS_VALUE = AV_NOPTS_VALUE;
static const int CS_AV_TIME_BASE = AV_TIME_BASE;

#endif
