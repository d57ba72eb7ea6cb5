/* sb-sparkplug-decode.c
 *
 * Two passes. The first walks the protobuf wire format against the shape of
 * sparkplug_b.proto without building anything: it finds truncation, wrong
 * wire types, strings that are not UTF-8, nesting (protobuf-c 1.4's unpack
 * recurses with no limit) and payloads with more values than are worth
 * showing, and names where ("truncated metric at byte 37"). Only then does
 * protobuf-c unpack the payload, and the second pass writes the JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-sparkplug-decode.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-json-write.h"
#include "sparkplug_b.pb-c.h"

/* The quark's name is tokens: clang-format would space them ("sb - file - ..."). */
/* clang-format off */
G_DEFINE_QUARK (sb-sparkplug-error-quark, sb_sparkplug_error)
/* clang-format on */

G_DEFINE_ENUM_TYPE (SbSparkplugError, sb_sparkplug_error,
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_ERROR_NOT_SPARKPLUG, "not-sparkplug"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_ERROR_INVALID, "invalid"),
                    G_DEFINE_ENUM_VALUE (SB_SPARKPLUG_ERROR_TOO_LARGE, "too-large"))

/* Messages in messages on the wire at most, templates or not. */
#define MAX_DEPTH 32

typedef Org__Eclipse__Tahu__Protobuf__Payload Payload;
typedef Org__Eclipse__Tahu__Protobuf__Payload__Metric Metric;
typedef Org__Eclipse__Tahu__Protobuf__Payload__MetaData MetaData;
typedef Org__Eclipse__Tahu__Protobuf__Payload__PropertySet PropertySet;
typedef Org__Eclipse__Tahu__Protobuf__Payload__PropertySetList PropertySetList;
typedef Org__Eclipse__Tahu__Protobuf__Payload__PropertyValue PropertyValue;
typedef Org__Eclipse__Tahu__Protobuf__Payload__DataSet DataSet;
typedef Org__Eclipse__Tahu__Protobuf__Payload__DataSet__DataSetValue DataSetValue;
typedef Org__Eclipse__Tahu__Protobuf__Payload__Template Template;
typedef Org__Eclipse__Tahu__Protobuf__Payload__Template__Parameter Parameter;

/* Sparkplug 3.0, 6.4.16 "DataType Details". */
static const char *const datatype_names[] = {
  "Unknown",       "Int8",
  "Int16",         "Int32",
  "Int64",         "UInt8",
  "UInt16",        "UInt32",
  "UInt64",        "Float",
  "Double",        "Boolean",
  "String",        "DateTime",
  "Text",          "UUID",
  "DataSet",       "Bytes",
  "File",          "Template",
  "PropertySet",   "PropertySetList",
  "Int8Array",     "Int16Array",
  "Int32Array",    "Int64Array",
  "UInt8Array",    "UInt16Array",
  "UInt32Array",   "UInt64Array",
  "FloatArray",    "DoubleArray",
  "BooleanArray",  "StringArray",
  "DateTimeArray",
};

enum
{
  DT_INT8 = 1,
  DT_INT16,
  DT_INT32,
  DT_INT64,
  DT_UINT8,
  DT_UINT16,
  DT_UINT32,
  DT_UINT64,
  DT_FLOAT,
  DT_DOUBLE,
  DT_BOOLEAN,
  DT_STRING,
  DT_DATETIME,
  DT_TEXT,
  DT_UUID,
  DT_DATASET,
  DT_BYTES,
  DT_FILE,
  DT_TEMPLATE,
  DT_PROPERTYSET,
  DT_PROPERTYSETLIST,
  DT_INT8_ARRAY,
  DT_INT16_ARRAY,
  DT_INT32_ARRAY,
  DT_INT64_ARRAY,
  DT_UINT8_ARRAY,
  DT_UINT16_ARRAY,
  DT_UINT32_ARRAY,
  DT_UINT64_ARRAY,
  DT_FLOAT_ARRAY,
  DT_DOUBLE_ARRAY,
  DT_BOOLEAN_ARRAY,
  DT_STRING_ARRAY,
  DT_DATETIME_ARRAY,
};

const char *
sb_sparkplug_datatype_to_string (guint32 datatype)
{
  return datatype < G_N_ELEMENTS (datatype_names) ? datatype_names[datatype] : NULL;
}

/* ---- the wire check ---------------------------------------------------- */

typedef enum
{
  M_PAYLOAD,
  M_METRIC,
  M_METADATA,
  M_PROPERTY_SET,
  M_PROPERTY_VALUE,
  M_PROPERTY_SET_LIST,
  M_DATA_SET,
  M_ROW,
  M_DATA_SET_VALUE,
  M_TEMPLATE,
  M_PARAMETER,
  M_EXTENSION,
} MessageKind;

static const char *const message_names[] = {
  N_ ("payload"),
  N_ ("metric"),
  N_ ("metadata"),
  N_ ("property set"),
  N_ ("property"),
  N_ ("property set list"),
  N_ ("data set"),
  N_ ("data set row"),
  N_ ("data set value"),
  N_ ("template"),
  N_ ("template parameter"),
  N_ ("extension"),
};

typedef enum
{
  F_UNKNOWN, /* not in the .proto: any wire type but groups */
  F_VARINT,
  F_FIXED64,
  F_FIXED32,
  F_STRING,
  F_BYTES,
  F_MESSAGE,
  F_VARINTS, /* repeated uint32: plain or packed */
} FieldKind;

typedef struct
{
  FieldKind kind;
  MessageKind message;
} Field;

#define V                                                                                          \
  {                                                                                                \
    F_VARINT, 0                                                                                    \
  }
#define D                                                                                          \
  {                                                                                                \
    F_FIXED64, 0                                                                                   \
  }
#define F                                                                                          \
  {                                                                                                \
    F_FIXED32, 0                                                                                   \
  }
#define S                                                                                          \
  {                                                                                                \
    F_STRING, 0                                                                                    \
  }
#define B                                                                                          \
  {                                                                                                \
    F_BYTES, 0                                                                                     \
  }
#define MSG(m)                                                                                     \
  {                                                                                                \
    F_MESSAGE, m                                                                                   \
  }

/* Each message's fields by number, from sparkplug_b.proto. */
static const Field payload_fields[] = { [1] = V, [2] = MSG (M_METRIC), [3] = V, [4] = S, [5] = B };
static const Field metric_fields[] = {
  [1] = S,
  [2] = V,
  [3] = V,
  [4] = V,
  [5] = V,
  [6] = V,
  [7] = V,
  [8] = MSG (M_METADATA),
  [9] = MSG (M_PROPERTY_SET),
  [10] = V,
  [11] = V,
  [12] = F,
  [13] = D,
  [14] = V,
  [15] = S,
  [16] = B,
  [17] = MSG (M_DATA_SET),
  [18] = MSG (M_TEMPLATE),
  [19] = MSG (M_EXTENSION),
};
static const Field metadata_fields[]
    = { [1] = V, [2] = S, [3] = V, [4] = V, [5] = S, [6] = S, [7] = S, [8] = S };
static const Field property_set_fields[] = { [1] = S, [2] = MSG (M_PROPERTY_VALUE) };
static const Field property_value_fields[] = {
  [1] = V,
  [2] = V,
  [3] = V,
  [4] = V,
  [5] = F,
  [6] = D,
  [7] = V,
  [8] = S,
  [9] = MSG (M_PROPERTY_SET),
  [10] = MSG (M_PROPERTY_SET_LIST),
  [11] = MSG (M_EXTENSION),
};
static const Field property_set_list_fields[] = { [1] = MSG (M_PROPERTY_SET) };
static const Field data_set_fields[]
    = { [1] = V, [2] = S, [3] = { F_VARINTS, 0 }, [4] = MSG (M_ROW) };
static const Field row_fields[] = { [1] = MSG (M_DATA_SET_VALUE) };
static const Field data_set_value_fields[]
    = { [1] = V, [2] = V, [3] = F, [4] = D, [5] = V, [6] = S, [7] = MSG (M_EXTENSION) };
static const Field template_fields[]
    = { [1] = S, [2] = MSG (M_METRIC), [3] = MSG (M_PARAMETER), [4] = S, [5] = V };
static const Field parameter_fields[] = {
  [1] = S, [2] = V, [3] = V, [4] = V, [5] = F, [6] = D, [7] = V, [8] = S, [9] = MSG (M_EXTENSION)
};

#undef V
#undef D
#undef F
#undef S
#undef B
#undef MSG

static const struct
{
  const Field *fields;
  guint n_fields;
} schema[] = {
  [M_PAYLOAD] = { payload_fields, G_N_ELEMENTS (payload_fields) },
  [M_METRIC] = { metric_fields, G_N_ELEMENTS (metric_fields) },
  [M_METADATA] = { metadata_fields, G_N_ELEMENTS (metadata_fields) },
  [M_PROPERTY_SET] = { property_set_fields, G_N_ELEMENTS (property_set_fields) },
  [M_PROPERTY_VALUE] = { property_value_fields, G_N_ELEMENTS (property_value_fields) },
  [M_PROPERTY_SET_LIST] = { property_set_list_fields, G_N_ELEMENTS (property_set_list_fields) },
  [M_DATA_SET] = { data_set_fields, G_N_ELEMENTS (data_set_fields) },
  [M_ROW] = { row_fields, G_N_ELEMENTS (row_fields) },
  [M_DATA_SET_VALUE] = { data_set_value_fields, G_N_ELEMENTS (data_set_value_fields) },
  [M_TEMPLATE] = { template_fields, G_N_ELEMENTS (template_fields) },
  [M_PARAMETER] = { parameter_fields, G_N_ELEMENTS (parameter_fields) },
  [M_EXTENSION] = { NULL, 0 },
};

typedef struct
{
  const guint8 *base;
  guint n_values;
  GError **error;
} Scan;

static gboolean
scan_fail (Scan *scan, SbSparkplugError code, const char *reason)
{
  if (code == SB_SPARKPLUG_ERROR_INVALID)
    g_set_error (scan->error, SB_SPARKPLUG_ERROR, code, _ ("not a Sparkplug B payload: %s"),
                 reason);
  else
    g_set_error_literal (scan->error, SB_SPARKPLUG_ERROR, code, reason);
  return FALSE;
}

static gboolean
truncated (Scan *scan, MessageKind kind, const guint8 *at)
{
  g_autofree char *reason = g_strdup_printf (_ ("truncated %s at byte %zu"),
                                             _ (message_names[kind]), (gsize)(at - scan->base));
  return scan_fail (scan, SB_SPARKPLUG_ERROR_INVALID, reason);
}

/* A base-128 varint of at most ten bytes. */
static gboolean
read_varint (const guint8 **p, const guint8 *end, guint64 *value)
{
  guint64 v = 0;

  for (int shift = 0; shift < 70 && *p < end; shift += 7)
    {
      guint8 byte = *(*p)++;

      v |= (guint64)(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *value = v;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
scan_message (Scan *scan, MessageKind kind, const guint8 *p, const guint8 *end, int depth,
              int templates);

/* One field (key at @start); advances *@p past it. */
static gboolean
scan_field (Scan *scan, MessageKind kind, const guint8 *start, const guint8 **p, const guint8 *end,
            int depth, int templates, guint *number_out)
{
  guint64 key, length, ignored;
  guint number, wire;
  Field field = { F_UNKNOWN, 0 };

  if (!read_varint (p, end, &key))
    return truncated (scan, kind, start);
  number = (guint)MIN (key >> 3, G_MAXUINT);
  wire = key & 7;
  *number_out = number;
  if (number == 0 || key >> 3 > 536870911)
    {
      g_autofree char *reason = g_strdup_printf (
          _ ("field number %" PRIu64 " in the %s at byte %zu"), (uint64_t)(key >> 3),
          _ (message_names[kind]), (gsize)(start - scan->base));
      return scan_fail (scan, SB_SPARKPLUG_ERROR_INVALID, reason);
    }
  if (number < schema[kind].n_fields)
    field = schema[kind].fields[number];

  /* The wire type the .proto asks for (a packed uint32 list may come either way). */
  if (field.kind != F_UNKNOWN && field.kind != F_VARINTS)
    {
      guint expected = field.kind == F_VARINT    ? 0
                       : field.kind == F_FIXED64 ? 1
                       : field.kind == F_FIXED32 ? 5
                                                 : 2;
      if (wire != expected)
        goto bad_wire;
    }
  else if (field.kind == F_VARINTS && wire != 0 && wire != 2)
    goto bad_wire;

  switch (wire)
    {
      case 0:
        if (!read_varint (p, end, &ignored))
          return truncated (scan, kind, start);
        return TRUE;
      case 1:
      case 5:
        if ((gsize)(end - *p) < (wire == 1 ? 8u : 4u))
          return truncated (scan, kind, start);
        *p += wire == 1 ? 8 : 4;
        return TRUE;
      case 2:
        if (!read_varint (p, end, &length))
          return truncated (scan, kind, start);
        if (length > (guint64)(end - *p))
          return truncated (scan, field.kind == F_MESSAGE ? field.message : kind, start);
        {
          const guint8 *value = *p;

          *p += length;
          switch (field.kind)
            {
              case F_STRING:
                if (!g_utf8_validate_len ((const char *)value, length, NULL))
                  {
                    g_autofree char *reason
                        = g_strdup_printf (_ ("a text in the %s at byte %zu is not UTF-8"),
                                           _ (message_names[kind]), (gsize)(start - scan->base));
                    return scan_fail (scan, SB_SPARKPLUG_ERROR_INVALID, reason);
                  }
                return TRUE;
              case F_VARINTS:
                for (const guint8 *q = value; q < *p;)
                  if (!read_varint (&q, *p, &ignored))
                    return truncated (scan, kind, start);
                return TRUE;
              case F_MESSAGE:
                return scan_message (scan, field.message, value, *p, depth + 1,
                                     templates + (field.message == M_TEMPLATE));
              default:
                return TRUE;
            }
        }
      default:
        break;
    }

bad_wire:
  {
    g_autofree char *reason
        = g_strdup_printf (_ ("field %u of the %s at byte %zu has the wrong wire type (%u)"),
                           number, _ (message_names[kind]), (gsize)(start - scan->base), wire);
    return scan_fail (scan, SB_SPARKPLUG_ERROR_INVALID, reason);
  }
}

static gboolean
scan_message (Scan *scan, MessageKind kind, const guint8 *p, const guint8 *end, int depth,
              int templates)
{
  if (templates > SB_SPARKPLUG_MAX_TEMPLATE_DEPTH || depth > MAX_DEPTH)
    {
      g_autofree char *reason
          = templates > SB_SPARKPLUG_MAX_TEMPLATE_DEPTH
                ? g_strdup_printf (_ ("templates nested more than %d deep at byte %zu"),
                                   SB_SPARKPLUG_MAX_TEMPLATE_DEPTH, (gsize)(p - scan->base))
                : g_strdup_printf (_ ("values nested more than %d deep at byte %zu"), MAX_DEPTH,
                                   (gsize)(p - scan->base));
      return scan_fail (scan, SB_SPARKPLUG_ERROR_INVALID, reason);
    }
  if (++scan->n_values > SB_SPARKPLUG_MAX_VALUES)
    {
      g_autofree char *reason
          = g_strdup_printf (_ ("The Sparkplug B payload holds more than %d values; payloads are "
                                "decoded up to that"),
                             SB_SPARKPLUG_MAX_VALUES);
      return scan_fail (scan, SB_SPARKPLUG_ERROR_TOO_LARGE, reason);
    }
  while (p < end)
    {
      guint number;

      if (!scan_field (scan, kind, p, &p, end, depth, templates, &number))
        return FALSE;
    }
  return TRUE;
}

/* Checks the payload; when it has more than SB_SPARKPLUG_MAX_METRICS metrics,
 * *@kept gets a copy without the ones after that (NULL otherwise). */
static gboolean
scan_payload (const guint8 *data, gsize length, GByteArray **kept, guint *n_metrics, GError **error)
{
  Scan scan = { data, 0, error };
  const guint8 *p = data, *end = data + length;

  *kept = NULL;
  *n_metrics = 0;
  scan.n_values = 1;
  while (p < end)
    {
      const guint8 *start = p;
      guint number = 0;
      guint64 key, field_length;
      const guint8 *q = p;

      /* Metrics past the limit are only checked for their length. */
      if (*n_metrics >= SB_SPARKPLUG_MAX_METRICS && read_varint (&q, end, &key) && key == 0x12)
        {
          if (!read_varint (&q, end, &field_length) || field_length > (guint64)(end - q))
            return truncated (&scan, M_METRIC, start);
          p = q + field_length;
          (*n_metrics)++;
          if (*kept == NULL)
            *kept = g_byte_array_append (g_byte_array_new (), data, start - data);
          continue;
        }
      if (!scan_field (&scan, M_PAYLOAD, start, &p, end, 0, 0, &number))
        {
          g_clear_pointer (kept, g_byte_array_unref);
          return FALSE;
        }
      if (number == 2)
        (*n_metrics)++;
      if (*kept != NULL)
        g_byte_array_append (*kept, start, p - start);
    }
  return TRUE;
}

/* ---- the JSON ---------------------------------------------------------- */

typedef struct
{
  GString *out;
  GPtrArray *notes;
  SbSparkplugState *state;
  const SbSparkplugTopic *topic;
} Writer;

typedef enum
{
  RAW_NONE,
  RAW_INT,
  RAW_LONG,
  RAW_FLOAT,
  RAW_DOUBLE,
  RAW_BOOL,
  RAW_STRING,
  RAW_BYTES,
  RAW_DATA_SET,
  RAW_TEMPLATE,
  RAW_PROPERTY_SET,
  RAW_PROPERTY_SET_LIST,
  RAW_EXTENSION,
} RawKind;

/* A value as one of the four "oneof value" of the .proto holds it. */
typedef struct
{
  RawKind kind;
  guint64 integer; /* RAW_INT, RAW_LONG, RAW_BOOL */
  double number;   /* RAW_DOUBLE */
  float single;    /* RAW_FLOAT */
  const char *string;
  ProtobufCBinaryData bytes;
  const void *message;
} Raw;

static void
write_metrics (Writer *w, Metric **metrics, gsize n_metrics, gboolean in_template);
static void
write_property_set (Writer *w, const PropertySet *set);
static void
write_value (Writer *w, guint32 datatype, const Raw *raw, const char *what);

static void
note (Writer *w, char *text)
{
  g_ptr_array_add (w->notes, text);
}

static void
write_string (GString *out, const char *text)
{
  sb_json_append_string (out, text, strlen (text));
}

static void
write_uint64 (GString *out, guint64 value)
{
  /* Above 2^63-1 a JSON number loses digits in most readers. */
  if (value > (guint64)G_MAXINT64)
    g_string_append_printf (out, "\"%" G_GUINT64_FORMAT "\"", value);
  else
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, value);
}

static void
write_base64 (GString *out, const guint8 *data, gsize length)
{
  g_autofree char *text = g_base64_encode (data, length);

  g_string_append_c (out, '"');
  g_string_append (out, text);
  g_string_append_c (out, '"');
}

static void
write_datatype (GString *out, guint32 datatype)
{
  const char *name = sb_sparkplug_datatype_to_string (datatype);

  if (name != NULL)
    write_string (out, name);
  else
    g_string_append_printf (out, "%u", datatype);
}

static guint64
read_le (const guint8 *p, guint size)
{
  guint64 value = 0;

  for (guint i = size; i > 0; i--)
    value = (value << 8) | p[i - 1];
  return value;
}

/* Sparkplug 3.0's array datatypes: little-endian elements in bytes_value. */
static void
write_array (Writer *w, guint32 datatype, const ProtobufCBinaryData *bytes, const char *what)
{
  const guint8 *data = bytes->data;
  gsize length = bytes->len;
  guint size;
  GString *out = w->out;

  g_string_append_c (out, '[');
  if (datatype == DT_STRING_ARRAY)
    {
      /* Strings each ending with a NUL. */
      for (gsize i = 0; i < length;)
        {
          const guint8 *nul = memchr (data + i, 0, length - i);
          gsize n = nul != NULL ? (gsize)(nul - data) - i : length - i;
          g_autofree char *valid = g_utf8_make_valid ((const char *)data + i, n);

          if (i > 0)
            g_string_append_c (out, ',');
          write_string (out, valid);
          i += n + 1;
        }
      g_string_append_c (out, ']');
      return;
    }
  if (datatype == DT_BOOLEAN_ARRAY)
    {
      /* A UInt32 count, then the values packed eight to a byte, first in the high bit. */
      guint64 count = length >= 4 ? read_le (data, 4) : 0;

      if (length < 4 || count > (length - 4) * 8)
        {
          note (w, g_strdup_printf ("%s: BooleanArray of %zu bytes cannot hold %" G_GUINT64_FORMAT
                                    " values",
                                    what, length, count));
          count = length >= 4 ? (length - 4) * 8 : 0;
        }
      for (guint64 i = 0; i < count; i++)
        {
          gboolean bit = (data[4 + i / 8] >> (7 - i % 8)) & 1;
          g_string_append (out, i > 0 ? (bit ? ",true" : ",false") : (bit ? "true" : "false"));
        }
      g_string_append_c (out, ']');
      return;
    }

  switch (datatype)
    {
      case DT_INT8_ARRAY:
      case DT_UINT8_ARRAY:
        size = 1;
        break;
      case DT_INT16_ARRAY:
      case DT_UINT16_ARRAY:
        size = 2;
        break;
      case DT_INT32_ARRAY:
      case DT_UINT32_ARRAY:
      case DT_FLOAT_ARRAY:
        size = 4;
        break;
      default:
        size = 8;
        break;
    }
  if (length % size != 0)
    note (w, g_strdup_printf ("%s: %s of %zu bytes, not a multiple of %u", what,
                              sb_sparkplug_datatype_to_string (datatype), length, size));
  for (gsize i = 0; i + size <= length; i += size)
    {
      guint64 v = read_le (data + i, size);

      if (i > 0)
        g_string_append_c (out, ',');
      switch (datatype)
        {
          case DT_INT8_ARRAY:
            g_string_append_printf (out, "%d", (gint8)v);
            break;
          case DT_INT16_ARRAY:
            g_string_append_printf (out, "%d", (gint16)v);
            break;
          case DT_INT32_ARRAY:
            g_string_append_printf (out, "%d", (gint32)v);
            break;
          case DT_INT64_ARRAY:
          case DT_DATETIME_ARRAY:
            g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64)v);
            break;
          case DT_FLOAT_ARRAY:
            {
              guint32 bits = (guint32)v;
              float f;

              memcpy (&f, &bits, sizeof f);
              sb_json_append_float (out, f);
            }
            break;
          case DT_DOUBLE_ARRAY:
            {
              double d;

              memcpy (&d, &v, sizeof d);
              sb_json_append_double (out, d);
            }
            break;
          default: /* the unsigned ones */
            write_uint64 (out, v);
            break;
        }
    }
  g_string_append_c (out, ']');
}

static void
write_data_set (Writer *w, const DataSet *set, const char *what)
{
  GString *out = w->out;

  g_string_append (out, "{\"columns\":[");
  for (gsize i = 0; i < set->n_columns; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_string (out, set->columns[i]);
    }
  g_string_append (out, "],\"types\":[");
  for (gsize i = 0; i < set->n_types; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_datatype (out, set->types[i]);
    }
  g_string_append (out, "],\"rows\":[");
  for (gsize r = 0; r < set->n_rows; r++)
    {
      const Org__Eclipse__Tahu__Protobuf__Payload__DataSet__Row *row = set->rows[r];

      g_string_append (out, r > 0 ? ",[" : "[");
      for (gsize c = 0; c < row->n_elements; c++)
        {
          const DataSetValue *cell = row->elements[c];
          Raw raw = { RAW_NONE };

          switch (cell->value_case)
            {
              case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__DATA_SET__DATA_SET_VALUE__VALUE_INT_VALUE:
                raw = (Raw){ RAW_INT, .integer = cell->int_value };
                break;
              case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__DATA_SET__DATA_SET_VALUE__VALUE_LONG_VALUE:
                raw = (Raw){ RAW_LONG, .integer = cell->long_value };
                break;
              case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__DATA_SET__DATA_SET_VALUE__VALUE_FLOAT_VALUE:
                raw = (Raw){ RAW_FLOAT, .single = cell->float_value };
                break;
              case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__DATA_SET__DATA_SET_VALUE__VALUE_DOUBLE_VALUE:
                raw = (Raw){ RAW_DOUBLE, .number = cell->double_value };
                break;
              case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__DATA_SET__DATA_SET_VALUE__VALUE_BOOLEAN_VALUE:
                raw = (Raw){ RAW_BOOL, .integer = cell->boolean_value };
                break;
              case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__DATA_SET__DATA_SET_VALUE__VALUE_STRING_VALUE:
                raw = (Raw){ RAW_STRING, .string = cell->string_value };
                break;
              case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__DATA_SET__DATA_SET_VALUE__VALUE_EXTENSION_VALUE:
                raw.kind = RAW_EXTENSION;
                break;
              default:
                break;
            }
          if (c > 0)
            g_string_append_c (out, ',');
          write_value (w, c < set->n_types ? set->types[c] : 0, &raw, what);
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "]}");
  if (set->has_num_of_columns && set->num_of_columns != set->n_columns)
    note (w, g_strdup_printf ("%s: the data set says %" G_GUINT64_FORMAT " columns but names %zu",
                              what, set->num_of_columns, set->n_columns));
}

static Raw
parameter_raw (const Parameter *parameter)
{
  switch (parameter->value_case)
    {
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__TEMPLATE__PARAMETER__VALUE_INT_VALUE:
        return (Raw){ RAW_INT, .integer = parameter->int_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__TEMPLATE__PARAMETER__VALUE_LONG_VALUE:
        return (Raw){ RAW_LONG, .integer = parameter->long_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__TEMPLATE__PARAMETER__VALUE_FLOAT_VALUE:
        return (Raw){ RAW_FLOAT, .single = parameter->float_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__TEMPLATE__PARAMETER__VALUE_DOUBLE_VALUE:
        return (Raw){ RAW_DOUBLE, .number = parameter->double_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__TEMPLATE__PARAMETER__VALUE_BOOLEAN_VALUE:
        return (Raw){ RAW_BOOL, .integer = parameter->boolean_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__TEMPLATE__PARAMETER__VALUE_STRING_VALUE:
        return (Raw){ RAW_STRING, .string = parameter->string_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__TEMPLATE__PARAMETER__VALUE_EXTENSION_VALUE:
        return (Raw){ RAW_EXTENSION };
      default:
        return (Raw){ RAW_NONE };
    }
}

static void
write_template (Writer *w, const Template *template, const char *what)
{
  GString *out = w->out;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
#define KEY(name)                                                                                  \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_string_append (out, first ? "\"" name "\":" : ",\"" name "\":");                             \
    first = FALSE;                                                                                 \
  }                                                                                                \
  G_STMT_END
  if (template->template_ref != NULL)
    {
      KEY ("template_ref");
      write_string (out, template->template_ref);
    }
  if (template->has_is_definition)
    {
      KEY ("is_definition");
      g_string_append (out, template->is_definition ? "true" : "false");
    }
  if (template->version != NULL)
    {
      KEY ("version");
      write_string (out, template->version);
    }
  KEY ("metrics");
  write_metrics (w, template->metrics, template->n_metrics, TRUE);
  KEY ("parameters");
#undef KEY
  g_string_append_c (out, '[');
  for (gsize i = 0; i < template->n_parameters; i++)
    {
      const Parameter *parameter = template->parameters[i];
      Raw raw = parameter_raw (parameter);

      g_string_append (out, i > 0 ? ",{" : "{");
      if (parameter->name != NULL)
        {
          g_string_append (out, "\"name\":");
          write_string (out, parameter->name);
          g_string_append_c (out, ',');
        }
      g_string_append (out, "\"type\":");
      write_datatype (out, parameter->type);
      g_string_append (out, ",\"value\":");
      write_value (w, parameter->type, &raw, parameter->name != NULL ? parameter->name : what);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

/* A value in the form its datatype asks for; a value field that does not
 * fit the datatype is written as what it is, with a note. */
static void
write_value (Writer *w, guint32 datatype, const Raw *raw, const char *what)
{
  GString *out = w->out;
  gboolean integer = raw->kind == RAW_INT || raw->kind == RAW_LONG;
  guint64 v = raw->integer;

  switch (datatype)
    {
      case DT_INT8:
        if (integer)
          return (void)g_string_append_printf (out, "%d", (gint8)v);
        break;
      case DT_INT16:
        if (integer)
          return (void)g_string_append_printf (out, "%d", (gint16)v);
        break;
      case DT_INT32:
        if (integer)
          return (void)g_string_append_printf (out, "%d", (gint32)v);
        break;
      case DT_INT64:
        if (integer)
          return (void)g_string_append_printf (
              out, "%" G_GINT64_FORMAT, raw->kind == RAW_INT ? (gint64)(gint32)v : (gint64)v);
        break;
      case DT_UINT8:
      case DT_UINT16:
      case DT_UINT32:
      case DT_UINT64:
      case DT_DATETIME:
        if (integer)
          return write_uint64 (out, v);
        break;
      case DT_FLOAT:
      case DT_DOUBLE:
        if (raw->kind == RAW_FLOAT)
          return sb_json_append_float (out, raw->single);
        if (raw->kind == RAW_DOUBLE)
          return sb_json_append_double (out, raw->number);
        break;
      case DT_BOOLEAN:
        if (raw->kind == RAW_BOOL)
          return (void)g_string_append (out, v ? "true" : "false");
        break;
      case DT_STRING:
      case DT_TEXT:
      case DT_UUID:
        if (raw->kind == RAW_STRING)
          return write_string (out, raw->string);
        break;
      case DT_DATASET:
        if (raw->kind == RAW_DATA_SET)
          return write_data_set (w, raw->message, what);
        break;
      case DT_BYTES:
      case DT_FILE:
        if (raw->kind == RAW_BYTES)
          return write_base64 (out, raw->bytes.data, raw->bytes.len);
        break;
      case DT_TEMPLATE:
        if (raw->kind == RAW_TEMPLATE)
          return write_template (w, raw->message, what);
        break;
      case DT_PROPERTYSET:
        if (raw->kind == RAW_PROPERTY_SET)
          return write_property_set (w, raw->message);
        break;
      case DT_PROPERTYSETLIST:
        if (raw->kind == RAW_PROPERTY_SET_LIST)
          {
            const PropertySetList *list = raw->message;

            g_string_append_c (out, '[');
            for (gsize i = 0; i < list->n_propertyset; i++)
              {
                if (i > 0)
                  g_string_append_c (out, ',');
                write_property_set (w, list->propertyset[i]);
              }
            return (void)g_string_append_c (out, ']');
          }
        break;
      default:
        if (datatype >= DT_INT8_ARRAY && datatype <= DT_DATETIME_ARRAY && raw->kind == RAW_BYTES)
          return write_array (w, datatype, &raw->bytes, what);
        break;
    }

  /* What the value field holds, as it is. */
  if (raw->kind != RAW_NONE && datatype != 0)
    note (w, g_strdup_printf ("%s: the value does not fit datatype %s", what,
                              sb_sparkplug_datatype_to_string (datatype)
                                  ? sb_sparkplug_datatype_to_string (datatype)
                                  : "unknown"));
  switch (raw->kind)
    {
      case RAW_INT:
      case RAW_LONG:
        write_uint64 (out, v);
        break;
      case RAW_FLOAT:
        sb_json_append_float (out, raw->single);
        break;
      case RAW_DOUBLE:
        sb_json_append_double (out, raw->number);
        break;
      case RAW_BOOL:
        g_string_append (out, v ? "true" : "false");
        break;
      case RAW_STRING:
        write_string (out, raw->string);
        break;
      case RAW_BYTES:
        write_base64 (out, raw->bytes.data, raw->bytes.len);
        break;
      case RAW_DATA_SET:
        write_data_set (w, raw->message, what);
        break;
      case RAW_TEMPLATE:
        write_template (w, raw->message, what);
        break;
      case RAW_PROPERTY_SET:
        write_property_set (w, raw->message);
        break;
      case RAW_PROPERTY_SET_LIST:
        {
          Raw as_list = *raw;
          write_value (w, DT_PROPERTYSETLIST, &as_list, what);
        }
        break;
      default: /* none, or an extension this decoder does not know */
        g_string_append (out, "null");
        break;
    }
}

static Raw
property_raw (const PropertyValue *value)
{
  switch (value->value_case)
    {
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__PROPERTY_VALUE__VALUE_INT_VALUE:
        return (Raw){ RAW_INT, .integer = value->int_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__PROPERTY_VALUE__VALUE_LONG_VALUE:
        return (Raw){ RAW_LONG, .integer = value->long_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__PROPERTY_VALUE__VALUE_FLOAT_VALUE:
        return (Raw){ RAW_FLOAT, .single = value->float_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__PROPERTY_VALUE__VALUE_DOUBLE_VALUE:
        return (Raw){ RAW_DOUBLE, .number = value->double_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__PROPERTY_VALUE__VALUE_BOOLEAN_VALUE:
        return (Raw){ RAW_BOOL, .integer = value->boolean_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__PROPERTY_VALUE__VALUE_STRING_VALUE:
        return (Raw){ RAW_STRING, .string = value->string_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__PROPERTY_VALUE__VALUE_PROPERTYSET_VALUE:
        return (Raw){ RAW_PROPERTY_SET, .message = value->propertyset_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__PROPERTY_VALUE__VALUE_PROPERTYSETS_VALUE:
        return (Raw){ RAW_PROPERTY_SET_LIST, .message = value->propertysets_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__PROPERTY_VALUE__VALUE_EXTENSION_VALUE:
        return (Raw){ RAW_EXTENSION };
      default:
        return (Raw){ RAW_NONE };
    }
}

/* {"key":{"type":"Int32","value":…},…}; a key said twice keeps its first value. */
static void
write_property_set (Writer *w, const PropertySet *set)
{
  GString *out = w->out;
  gsize n = MIN (set->n_keys, set->n_values);
  g_autoptr (GHashTable) seen = n > 1 ? g_hash_table_new (g_str_hash, g_str_equal) : NULL;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (gsize i = 0; i < n; i++)
    {
      const PropertyValue *value = set->values[i];
      Raw raw = property_raw (value);

      if (seen != NULL && !g_hash_table_add (seen, set->keys[i]))
        {
          note (w,
                g_strdup_printf ("property %s is given twice: the first is shown", set->keys[i]));
          continue;
        }
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      write_string (out, set->keys[i]);
      g_string_append (out, ":{\"type\":");
      write_datatype (out, value->type);
      g_string_append (out, ",\"value\":");
      if (value->has_is_null && value->is_null)
        g_string_append (out, "null");
      else
        write_value (w, value->type, &raw, set->keys[i]);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
  if (set->n_keys != set->n_values)
    note (w, g_strdup_printf ("a property set has %zu keys and %zu values", set->n_keys,
                              set->n_values));
}

static void
write_metadata (GString *out, const MetaData *meta)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
#define KEY(name)                                                                                  \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_string_append (out, first ? "\"" name "\":" : ",\"" name "\":");                             \
    first = FALSE;                                                                                 \
  }                                                                                                \
  G_STMT_END
#define TEXT(name)                                                                                 \
  if (meta->name != NULL)                                                                          \
    {                                                                                              \
      KEY (#name);                                                                                 \
      write_string (out, meta->name);                                                              \
    }
  if (meta->has_is_multi_part)
    {
      KEY ("is_multi_part");
      g_string_append (out, meta->is_multi_part ? "true" : "false");
    }
  TEXT (content_type);
  if (meta->has_size)
    {
      KEY ("size");
      write_uint64 (out, meta->size);
    }
  if (meta->has_seq)
    {
      KEY ("seq");
      write_uint64 (out, meta->seq);
    }
  TEXT (file_name);
  TEXT (file_type);
  TEXT (md5);
  TEXT (description);
#undef TEXT
#undef KEY
  g_string_append_c (out, '}');
}

static Raw
metric_raw (const Metric *metric)
{
  switch (metric->value_case)
    {
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_INT_VALUE:
        return (Raw){ RAW_INT, .integer = metric->int_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_LONG_VALUE:
        return (Raw){ RAW_LONG, .integer = metric->long_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_FLOAT_VALUE:
        return (Raw){ RAW_FLOAT, .single = metric->float_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_DOUBLE_VALUE:
        return (Raw){ RAW_DOUBLE, .number = metric->double_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_BOOLEAN_VALUE:
        return (Raw){ RAW_BOOL, .integer = metric->boolean_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_STRING_VALUE:
        return (Raw){ RAW_STRING, .string = metric->string_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_BYTES_VALUE:
        return (Raw){ RAW_BYTES, .bytes = metric->bytes_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_DATASET_VALUE:
        return (Raw){ RAW_DATA_SET, .message = metric->dataset_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_TEMPLATE_VALUE:
        return (Raw){ RAW_TEMPLATE, .message = metric->template_value };
      case ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_EXTENSION_VALUE:
        return (Raw){ RAW_EXTENSION };
      default:
        return (Raw){ RAW_NONE };
    }
}

static gboolean
is_birth (SbSparkplugType type)
{
  return type == SB_SPARKPLUG_NBIRTH || type == SB_SPARKPLUG_DBIRTH;
}

static void
write_metric (Writer *w, const Metric *metric, gboolean in_template)
{
  GString *out = w->out;
  const SbSparkplugTopic *topic = w->topic;
  const char *name = metric->name;
  guint32 datatype = metric->has_datatype ? metric->datatype : 0;
  Raw raw = metric_raw (metric);
  g_autofree char *alias_text = NULL;
  gboolean first = TRUE;

  /* Template members name themselves; the births of the session name the rest. */
  if (w->state != NULL && !in_template)
    {
      if (is_birth (topic->type) && name != NULL)
        sb_sparkplug_state_add_metric (w->state, topic->group, topic->edge_node, topic->device,
                                       name, metric->has_alias, metric->alias, datatype);
      else if (name == NULL && metric->has_alias)
        {
          guint32 born_type = 0;

          name = sb_sparkplug_state_lookup_alias (w->state, topic->group, topic->edge_node,
                                                  topic->device, metric->alias, &born_type);
          if (datatype == 0)
            datatype = born_type;
          if (name == NULL
              && sb_sparkplug_state_has_birth (w->state, topic->group, topic->edge_node,
                                               topic->device))
            note (w, g_strdup_printf ("alias %" G_GUINT64_FORMAT " is not in the birth",
                                      metric->alias));
        }
      else if (datatype == 0 && name != NULL)
        datatype = sb_sparkplug_state_lookup_datatype (w->state, topic->group, topic->edge_node,
                                                       topic->device, name);
    }

  g_string_append_c (out, '{');
#define KEY(key)                                                                                   \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_string_append (out, first ? "\"" key "\":" : ",\"" key "\":");                               \
    first = FALSE;                                                                                 \
  }                                                                                                \
  G_STMT_END
  if (name != NULL)
    {
      KEY ("name");
      write_string (out, name);
    }
  if (metric->has_alias)
    {
      KEY ("alias");
      write_uint64 (out, metric->alias);
    }
  if (metric->has_timestamp)
    {
      KEY ("timestamp");
      write_uint64 (out, metric->timestamp);
    }
  if (datatype != 0 || metric->has_datatype)
    {
      KEY ("datatype");
      write_datatype (out, datatype);
    }
  if (metric->has_is_historical && metric->is_historical)
    {
      KEY ("is_historical");
      g_string_append (out, "true");
    }
  if (metric->has_is_transient && metric->is_transient)
    {
      KEY ("is_transient");
      g_string_append (out, "true");
    }
  if (metric->has_is_null && metric->is_null)
    {
      KEY ("value");
      g_string_append (out, "null");
    }
  else if (raw.kind != RAW_NONE)
    {
      if (name == NULL)
        alias_text = g_strdup_printf ("alias %" G_GUINT64_FORMAT, metric->alias);
      KEY ("value");
      write_value (w, datatype, &raw, name != NULL ? name : alias_text);
    }
  if (metric->properties != NULL)
    {
      KEY ("properties");
      write_property_set (w, metric->properties);
    }
  if (metric->metadata != NULL)
    {
      KEY ("metadata");
      write_metadata (out, metric->metadata);
    }
#undef KEY
  g_string_append_c (out, '}');
}

static void
write_metrics (Writer *w, Metric **metrics, gsize n_metrics, gboolean in_template)
{
  g_string_append_c (w->out, '[');
  for (gsize i = 0; i < n_metrics; i++)
    {
      if (i > 0)
        g_string_append_c (w->out, ',');
      write_metric (w, metrics[i], in_template);
    }
  g_string_append_c (w->out, ']');
}

/* The bdSeq metric of an NBIRTH or NDEATH, or -1. */
static gint64
find_bdseq (const Payload *payload)
{
  for (gsize i = 0; i < payload->n_metrics; i++)
    {
      const Metric *metric = payload->metrics[i];

      if (metric->name == NULL || strcmp (metric->name, "bdSeq") != 0)
        continue;
      if (metric->value_case == ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_LONG_VALUE)
        return (gint64)MIN (metric->long_value, (guint64)G_MAXINT64);
      if (metric->value_case == ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_INT_VALUE)
        return metric->int_value;
    }
  return -1;
}

/* What the session learns from the message: births, deaths, bdSeq and seq. */
static void
follow_session (Writer *w, const Payload *payload)
{
  SbSparkplugState *state = w->state;
  const SbSparkplugTopic *t = w->topic;
  g_autofree char *who = sb_sparkplug_topic_describe (t);
  gint64 bdseq = -1, known_bdseq;

  switch (t->type)
    {
      case SB_SPARKPLUG_NBIRTH:
        bdseq = find_bdseq (payload);
        known_bdseq = sb_sparkplug_state_get_bdseq (state, t->group, t->edge_node);
        if (bdseq >= 0 && known_bdseq >= 0 && bdseq != known_bdseq
            && bdseq != (known_bdseq + 1) % 256)
          note (w, g_strdup_printf ("bdSeq gap: %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                                    known_bdseq, bdseq));
        sb_sparkplug_state_birth (state, t->group, t->edge_node, NULL);
        if (bdseq >= 0)
          sb_sparkplug_state_set_bdseq (state, t->group, t->edge_node, bdseq);
        break;
      case SB_SPARKPLUG_DBIRTH:
        sb_sparkplug_state_birth (state, t->group, t->edge_node, t->device);
        break;
      case SB_SPARKPLUG_NDEATH:
        bdseq = find_bdseq (payload);
        known_bdseq = sb_sparkplug_state_get_bdseq (state, t->group, t->edge_node);
        /* The will of an older session, delivered after the node came back. */
        if (bdseq >= 0 && known_bdseq >= 0 && bdseq != known_bdseq)
          {
            note (w, g_strdup_printf ("stale death: bdSeq %" G_GINT64_FORMAT
                                      ", the birth had %" G_GINT64_FORMAT,
                                      bdseq, known_bdseq));
            return;
          }
        note (w, g_strdup ("death"));
        sb_sparkplug_state_death (state, t->group, t->edge_node, NULL);
        return;
      case SB_SPARKPLUG_DDEATH:
        note (w, g_strdup ("death"));
        sb_sparkplug_state_death (state, t->group, t->edge_node, t->device);
        break;
      case SB_SPARKPLUG_NDATA:
      case SB_SPARKPLUG_DDATA:
        if (!sb_sparkplug_state_has_birth (state, t->group, t->edge_node, t->device))
          note (w, g_strdup_printf ("no birth seen for %s: names unknown", who));
        break;
      default: /* commands come from hosts, with no seq of the node's */
        return;
    }

  /* Everything an edge node sends but its death counts in one seq, 0 to 255. */
  if (payload->has_seq)
    {
      gint64 before = sb_sparkplug_state_swap_seq (state, t->group, t->edge_node,
                                                   (gint64)MIN (payload->seq, 255u));

      if (t->type != SB_SPARKPLUG_NBIRTH && before >= 0
          && payload->seq != (guint64)(before + 1) % 256)
        note (w, g_strdup_printf ("seq gap: %" G_GINT64_FORMAT " to %" G_GUINT64_FORMAT, before,
                                  payload->seq));
    }
}

static char *
decode_state (GBytes *payload, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  gsize length;
  const char *data = g_bytes_get_data (payload, &length);

  /* STATE is JSON by Sparkplug 3.0 ({"online":true,"timestamp":…}). */
  if (length == 0 || memchr (data, 0, length) != NULL || !g_utf8_validate_len (data, length, NULL)
      || !json_parser_load_from_data (parser, data, length, NULL)
      || json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, SB_SPARKPLUG_ERROR, SB_SPARKPLUG_ERROR_INVALID,
                           _ ("not a Sparkplug B STATE message: the payload is not JSON"));
      return NULL;
    }
  return json_to_string (json_parser_get_root (parser), FALSE);
}

char *
sb_sparkplug_decode (SbSparkplugState *state, const char *topic, GBytes *payload, guint *n_metrics,
                     GError **error)
{
  g_auto (SbSparkplugTopic) t = { 0 };
  g_autoptr (GByteArray) kept = NULL;
  g_autoptr (GPtrArray) notes = NULL;
  Payload *message;
  const guint8 *data;
  gsize length;
  guint total = 0;
  Writer w;
  GString *out;

  g_return_val_if_fail (state == NULL || SB_IS_SPARKPLUG_STATE (state), NULL);
  g_return_val_if_fail (topic != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  if (n_metrics != NULL)
    *n_metrics = 0;
  if (!sb_sparkplug_topic_parse (topic, &t))
    {
      g_set_error_literal (error, SB_SPARKPLUG_ERROR, SB_SPARKPLUG_ERROR_NOT_SPARKPLUG,
                           _ ("not a Sparkplug B topic"));
      return NULL;
    }
  if (t.type == SB_SPARKPLUG_HOST_STATE)
    return decode_state (payload, error);

  data = g_bytes_get_data (payload, &length);
  if (data == NULL)
    data = (const guint8 *)""; /* an empty GBytes has no data pointer */
  if (!scan_payload (data, length, &kept, &total, error))
    return NULL;
  if (kept != NULL)
    {
      data = kept->data;
      length = kept->len;
    }
  message = org__eclipse__tahu__protobuf__payload__unpack (NULL, length, data);
  if (message == NULL)
    {
      /* The wire check lets through only what unpacks: a bug if reached. */
      g_set_error (error, SB_SPARKPLUG_ERROR, SB_SPARKPLUG_ERROR_INVALID,
                   _ ("not a Sparkplug B payload: %s"), _ ("protobuf-c cannot unpack it"));
      return NULL;
    }

  notes = g_ptr_array_new_with_free_func (g_free);
  out = g_string_sized_new (64 + length * 2);
  w = (Writer){ out, notes, state, &t };
  if (state != NULL)
    follow_session (&w, message);
  if (kept != NULL)
    note (&w, g_strdup_printf ("metrics %d to %u left out: at most %d are shown",
                               SB_SPARKPLUG_MAX_METRICS + 1, total, SB_SPARKPLUG_MAX_METRICS));

  g_string_append_c (out, '{');
  if (message->has_timestamp)
    {
      g_string_append (out, "\"timestamp\":");
      write_uint64 (out, message->timestamp);
      g_string_append_c (out, ',');
    }
  if (message->has_seq)
    {
      g_string_append (out, "\"seq\":");
      write_uint64 (out, message->seq);
      g_string_append_c (out, ',');
    }
  if (message->uuid != NULL)
    {
      g_string_append (out, "\"uuid\":");
      write_string (out, message->uuid);
      g_string_append_c (out, ',');
    }
  if (message->has_body)
    {
      g_string_append (out, "\"body\":");
      write_base64 (out, message->body.data, message->body.len);
      g_string_append_c (out, ',');
    }
  g_string_append (out, "\"metrics\":");
  write_metrics (&w, message->metrics, message->n_metrics, FALSE);
  if (notes->len > 0)
    {
      g_string_append (out, ",\"notes\":[");
      for (guint i = 0; i < notes->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          write_string (out, g_ptr_array_index (notes, i));
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');

  org__eclipse__tahu__protobuf__payload__free_unpacked (message, NULL);
  if (n_metrics != NULL)
    *n_metrics = total;
  return g_string_free (out, FALSE);
}
