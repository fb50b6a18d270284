// Golden GPP vectors for the gateway's own decoder of sections 23-27 (usmn, usmd, usin, usky, usri)
// and for both usnat layouts, encoded and decoded by the IAB's JavaScript library (@iabgpp/cmpapi,
// pinned in package.json / package-lock.json), so the gateway's decoder is checked against an
// implementation it shares no code with.
//
//   cd gateway/src/test/gpp-vectors && npm ci && node generate.mjs
//
// writes ../resources/gpp/vectors.jsonl, one JSON object a line:
//   {"kind", "section", "gpp", "sid", "fields" (what the JS library decodes; null when the string is
//    malformed), "reasons" (the GppSignal restrictions the gateway must derive), "thirdParty"
//    ("share" | "strip" for an adult, consenting viewer in an opt-out state)}
//
// Kinds: "field" (one decision field set to one value), "all" (every field set to a distinct valid
// value, to check every field's position), "truncated" and "bitflip" (every single-bit flip of a
// base string: a flip that lands on another valid value decodes to what the JS library reads, a flip
// that makes the string invalid - a 2-bit value of 3, a version other than 1, a non-zero pad bit, a
// GPC sub-section type other than 1 - must strip as gpp_malformed, and so must every truncation).
// The generator is deterministic: running it twice writes the same file.
import { GppModel } from "@iabgpp/cmpapi";
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "resources", "gpp", "vectors.jsonl");

// The core segments' field tables (GPP spec, "Sections/US-States/*"; the same as the JS library's
// *CoreSegment.initializeFields). [name, bits, count (for lists), validator]
const NULLABLE = [0, 1, 2];
const NON_NULLABLE = [1, 2];
const MSPA_FIRST = (extra) => [
  ["MspaVersion", 6, 0, [1]],
  ["MspaCoveredTransaction", 2, 0, NON_NULLABLE],
  ["MspaMode", 2, 0, NULLABLE],
  ["ProcessingNotice", 2, 0, NULLABLE],
  ["SaleOptOutNotice", 2, 0, NULLABLE],
  ["TargetedAdvertisingOptOutNotice", 2, 0, NULLABLE],
  ["SaleOptOut", 2, 0, NULLABLE],
  ["TargetedAdvertisingOptOut", 2, 0, NULLABLE],
  ...extra,
  ["AdditionalDataProcessingConsent", 2, 0, NULLABLE],
];
// The optional sub-section after the '.': GPC (type 1, then the flag) or, in usin, usky and usri, the
// sensitive-data consents. "values" are the variants written: null = sub-section absent.
const GPC = {
  included: "GpcSegmentIncluded",
  fields: [["GpcSegmentType", 2, 0, [1]], ["Gpc", 1, 0, [0, 1]]],
  values: [null, { Gpc: false }, { Gpc: true }],
};
const SENSITIVE = {
  included: "SensitiveDataConsentSegmentIncluded",
  fields: [["SensitiveDataProcessing", 2, 8, NULLABLE]],
  values: [null, { SensitiveDataProcessing: [0, 0, 0, 0, 0, 0, 0, 0] },
    { SensitiveDataProcessing: [1, 2, 0, 2, 1, 0, 1, 2] }],
};
const SECTIONS = [
  {
    name: "usmn", id: 23, sub: GPC,
    core: [
      ["Version", 6, 0, [1]],
      ["ProcessingNotice", 2, 0, NULLABLE],
      ["SaleOptOutNotice", 2, 0, NULLABLE],
      ["TargetedAdvertisingOptOutNotice", 2, 0, NULLABLE],
      ["SaleOptOut", 2, 0, NULLABLE],
      ["TargetedAdvertisingOptOut", 2, 0, NULLABLE],
      ["SensitiveDataProcessing", 2, 8, NULLABLE],
      ["KnownChildSensitiveDataConsents", 2, 0, NULLABLE],
      ["AdditionalDataProcessingConsent", 2, 0, NULLABLE],
      ["MspaCoveredTransaction", 2, 0, NON_NULLABLE],
      ["MspaOptOutOptionMode", 2, 0, NULLABLE],
      ["MspaServiceProviderMode", 2, 0, NULLABLE],
    ],
  },
  { name: "usmd", id: 24, sub: GPC, core: MSPA_FIRST([]) },
  { name: "usin", id: 25, sub: SENSITIVE, core: MSPA_FIRST([["KnownChildSensitiveDataConsents", 2, 0, NULLABLE]]) },
  { name: "usky", id: 26, sub: SENSITIVE, core: MSPA_FIRST([["KnownChildSensitiveDataConsents", 2, 0, NULLABLE]]) },
  { name: "usri", id: 27, sub: SENSITIVE, core: MSPA_FIRST([["KnownChildSensitiveDataConsents", 2, 0, NULLABLE]]) },
];

// The fields whose value changes a decision (see GppSignal): opt-outs (1 = opted out), the consent to
// additional processing (1 = no consent), the known-child consents (any non-zero value = a known
// child or teen) and GPC.
const DECISION_FIELDS = ["SaleOptOut", "TargetedAdvertisingOptOut", "KnownChildSensitiveDataConsents",
  "AdditionalDataProcessingConsent"];

/** What the gateway must conclude from decoded fields: the policy, written out independently of Java. */
function reasonsFor(fields) {
  const reasons = new Set();
  for (const f of ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut", "PersonalDataConsents",
    "AdditionalDataProcessingConsent"]) {
    if (fields[f] === 1) reasons.add("gpp_opt_out");
  }
  if (fields.Gpc === true) reasons.add("gpp_opt_out");
  const kc = fields.KnownChildSensitiveDataConsents;
  if (kc !== undefined && [].concat(kc).some((v) => v !== 0)) reasons.add("gpp_known_child");
  return [...reasons].sort();
}

const lines = [];
function emit(kind, section, gpp, sid, fields, reasons) {
  lines.push(JSON.stringify({ kind, section, gpp, sid, fields, reasons,
    thirdParty: reasons.length === 0 ? "share" : "strip" }));
}

function encode(sectionName, values) {
  const model = new GppModel();
  for (const [k, v] of Object.entries(values)) model.setFieldValue(sectionName, k, v);
  return model.encode();
}

/** Every field the JS library decodes from the string, the sub-section's fields only when it is present. */
function decodedFields(spec, gpp) {
  const model = new GppModel(gpp);
  const fields = {};
  for (const [name] of spec.core) fields[name] = model.getFieldValue(spec.name, name);
  fields[spec.sub.included] = model.getFieldValue(spec.name, spec.sub.included);
  if (fields[spec.sub.included]) {
    for (const [name] of spec.sub.fields) fields[name] = model.getFieldValue(spec.name, name);
  }
  return fields;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const toBits = (s) => [...s].map((c) => B64.indexOf(c).toString(2).padStart(6, "0")).join("");
const fromBits = (b) => b.match(/.{6}/g).map((x) => B64[parseInt(x, 2)]).join("");

const bitsOf = (table) => table.reduce((n, [, w, count]) => n + w * Math.max(count, 1), 0);
/** Whether a segment's bits are valid per its field table (the JS library does not check values). */
function segmentValid(table, bits) {
  const needed = bitsOf(table);
  const padded = [Math.ceil(needed / 6) * 6, Math.ceil(Math.ceil(needed / 8) * 8 / 6) * 6];
  if (!padded.includes(bits.length) || /1/.test(bits.slice(needed))) return false;
  let i = 0;
  for (const [, w, count, allowed] of table) {
    for (let k = 0; k < Math.max(count, 1); k++, i += w) {
      if (!allowed.includes(parseInt(bits.slice(i, i + w), 2))) return false;
    }
  }
  return true;
}

function checkLayout(spec, table, segment) {
  const padded8 = Math.ceil(bitsOf(table) / 8) * 8;
  if (toBits(segment).length !== Math.ceil(padded8 / 6) * 6) {
    throw new Error(`${spec.name}: the JS library's layout is not the generator's table (${segment})`);
  }
}

function baseValues(spec) {
  const v = {};
  for (const [name, , count] of spec.core) {
    if (/^(Mspa)?Version$/.test(name)) continue;
    if (count > 0) v[name] = new Array(count).fill(0);
    else if (/Notice$/.test(name)) v[name] = 1;
    else if (/OptOut$/.test(name)) v[name] = 2;
    else if (name === "MspaCoveredTransaction") v[name] = 2;
    else v[name] = 0;
  }
  return v;
}

for (const spec of SECTIONS) {
  const sid = [spec.id];
  const withSub = (values, sub) => sub === null ? { ...values, [spec.sub.included]: false }
    : { ...values, [spec.sub.included]: true, ...sub };

  // One decision field at a time, over every value it can take, with and without the sub-section.
  for (const sub of spec.sub.values) {
    for (const field of DECISION_FIELDS.filter((f) => spec.core.some(([n]) => n === f))) {
      for (const value of NULLABLE) {
        const gpp = encode(spec.name, withSub({ ...baseValues(spec), [field]: value }, sub));
        const fields = decodedFields(spec, gpp);
        if (fields[field] !== value) throw new Error(`${spec.name}.${field}=${value} did not round-trip`);
        emit("field", spec.name, gpp, sid, fields, reasonsFor(fields));
      }
    }
  }

  // Every field at once, with values that differ between neighbours, so a decoder that reads one field
  // from its neighbour's bits fails here even where the decision would not change.
  const all = {};
  let n = 0;
  for (const [name, , count] of spec.core) {
    if (/^(Mspa)?Version$/.test(name)) continue;
    const allowed = name === "MspaCoveredTransaction" ? NON_NULLABLE : NULLABLE;
    all[name] = count > 0 ? Array.from({ length: count }, () => allowed[n++ % allowed.length])
      : allowed[n++ % allowed.length];
  }
  for (const sub of spec.sub.values) {
    const gpp = encode(spec.name, withSub(all, sub));
    emit("all", spec.name, gpp, sid, decodedFields(spec, gpp), reasonsFor(decodedFields(spec, gpp)));
  }

  // Truncations and single-bit flips of the string that opts out of nothing, without and with the
  // sub-section (its first non-null variant).
  for (const sub of spec.sub.values.slice(0, 2)) {
    const gpp = encode(spec.name, withSub(baseValues(spec), sub));
    const [header, section] = gpp.split("~");
    const [core, subSegment] = section.split(".");
    checkLayout(spec, spec.core, core);
    if (subSegment !== undefined) checkLayout(spec, spec.sub.fields, subSegment);
    const malformed = (s) => emit("truncated", spec.name, s, sid, null, ["gpp_malformed"]);
    const rebuild = (c, g) => `${header}~${g === undefined ? c : `${c}.${g}`}`;
    // A shorter segment that still holds every field is not a truncation: the JS library pads to a
    // multiple of 8 and then of 6 bits, the spec only to 6, so one pad character may go.
    for (let keep = 0; keep < core.length; keep++) {
      if (!segmentValid(spec.core, toBits(core.slice(0, keep)))) malformed(rebuild(core.slice(0, keep), subSegment));
    }
    if (subSegment !== undefined) {
      for (let keep = 0; keep < subSegment.length; keep++) {
        if (!segmentValid(spec.sub.fields, toBits(subSegment.slice(0, keep)))) {
          malformed(rebuild(core, subSegment.slice(0, keep)));
        }
      }
    }
    malformed(`${header}~`);
    malformed(header);

    const flips = (segment, table, make) => {
      const bits = toBits(segment);
      for (let i = 0; i < bits.length; i++) {
        const flipped = bits.slice(0, i) + (bits[i] === "0" ? "1" : "0") + bits.slice(i + 1);
        const s = make(fromBits(flipped));
        if (segmentValid(table, flipped)) {
          const fields = decodedFields(spec, s);
          emit("bitflip", spec.name, s, sid, fields, reasonsFor(fields));
        } else {
          emit("bitflip", spec.name, s, sid, null, ["gpp_malformed"]);
        }
      }
    };
    flips(core, spec.core, (c) => rebuild(c, subSegment));
    if (subSegment !== undefined) flips(subSegment, spec.sub.fields, (g) => rebuild(core, g));
  }
}

// usnat in both layouts: Version 1 with 12 sensitive-data and 2 known-child values (the original
// layout, still sent by CMPs), Version 2 with 16 and 3 (October 2024). The gateway reads usnat with
// iabgpp-encoder, so these check the library path, not the gateway's own decoder.
const USNAT_FIELDS = ["Version", "SharingNotice", "SaleOptOutNotice", "SharingOptOutNotice",
  "TargetedAdvertisingOptOutNotice", "SensitiveDataProcessingOptOutNotice", "SensitiveDataLimitUseNotice",
  "SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut", "SensitiveDataProcessing",
  "KnownChildSensitiveDataConsents", "PersonalDataConsents", "MspaCoveredTransaction",
  "MspaOptOutOptionMode", "MspaServiceProviderMode"];
for (const version of [1, 2]) {
  const sensitive = version === 1 ? 12 : 16;
  const children = version === 1 ? 2 : 3;
  const base = {
    Version: version, SharingNotice: 1, SaleOptOutNotice: 1, SharingOptOutNotice: 1,
    TargetedAdvertisingOptOutNotice: 1, SensitiveDataProcessingOptOutNotice: 1, SensitiveDataLimitUseNotice: 1,
    SaleOptOut: 2, SharingOptOut: 2, TargetedAdvertisingOptOut: 2,
    SensitiveDataProcessing: new Array(sensitive).fill(0), KnownChildSensitiveDataConsents: new Array(children).fill(0),
    PersonalDataConsents: 0, MspaCoveredTransaction: 2, MspaOptOutOptionMode: 0, MspaServiceProviderMode: 0,
  };
  const variants = [];
  for (const f of ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut", "PersonalDataConsents"]) {
    for (const v of NULLABLE) variants.push({ [f]: v });
  }
  for (let k = 0; k < children; k++) {
    for (const v of [1, 2]) {
      const kc = new Array(children).fill(0);
      kc[k] = v;
      variants.push({ KnownChildSensitiveDataConsents: kc });
    }
  }
  // The last sensitive-data slot, so a layout mix-up moves a known-child value or the MSPA fields.
  const lastSensitive = new Array(sensitive).fill(0);
  lastSensitive[sensitive - 1] = 2;
  variants.push({ SensitiveDataProcessing: lastSensitive, MspaServiceProviderMode: 1 });
  for (const gpc of [null, false, true]) {
    for (const change of variants) {
      const values = { ...base, ...change, GpcSegmentIncluded: gpc !== null, ...(gpc === null ? {} : { Gpc: gpc }) };
      const gpp = encode("usnat", values);
      const model = new GppModel(gpp);
      const fields = {};
      for (const f of USNAT_FIELDS) fields[f] = model.getFieldValue("usnat", f);
      if (gpc !== null) fields.Gpc = model.getFieldValue("usnat", "Gpc");
      for (const [k, v] of Object.entries(change)) {
        if (JSON.stringify(fields[k]) !== JSON.stringify(v)) throw new Error(`usnat v${version} ${k} did not round-trip`);
      }
      emit(`usnat-v${version}`, "usnat", gpp, [7], fields, reasonsFor(fields));
    }
  }
}

// Single-bit flips of each layout's base string (no opt-out, GPC sub-section absent) within the fields'
// bits: a flip to another valid value decodes to what the JS library reads; a flip to a value no encoder
// writes (an Int(2) of 3, MspaCoveredTransaction 0, a Version other than the layout's) must strip as
// malformed. Pad bits are left alone: iabgpp-encoder ignores them for usnat, as the JS library does.
for (const version of [1, 2]) {
  const sensitive = version === 1 ? 12 : 16;
  const children = version === 1 ? 2 : 3;
  const table = [["Version", 6, 0, [version]],
    ...["SharingNotice", "SaleOptOutNotice", "SharingOptOutNotice", "TargetedAdvertisingOptOutNotice",
      "SensitiveDataProcessingOptOutNotice", "SensitiveDataLimitUseNotice", "SaleOptOut", "SharingOptOut",
      "TargetedAdvertisingOptOut"].map((f) => [f, 2, 0, NULLABLE]),
    ["SensitiveDataProcessing", 2, sensitive, NULLABLE], ["KnownChildSensitiveDataConsents", 2, children, NULLABLE],
    ["PersonalDataConsents", 2, 0, NULLABLE], ["MspaCoveredTransaction", 2, 0, NON_NULLABLE],
    ["MspaOptOutOptionMode", 2, 0, NULLABLE], ["MspaServiceProviderMode", 2, 0, NULLABLE]];
  const gpp = encode("usnat", {
    Version: version, SharingNotice: 1, SaleOptOutNotice: 1, SharingOptOutNotice: 1,
    TargetedAdvertisingOptOutNotice: 1, SensitiveDataProcessingOptOutNotice: 1, SensitiveDataLimitUseNotice: 1,
    SaleOptOut: 2, SharingOptOut: 2, TargetedAdvertisingOptOut: 2,
    SensitiveDataProcessing: new Array(sensitive).fill(0), KnownChildSensitiveDataConsents: new Array(children).fill(0),
    PersonalDataConsents: 0, MspaCoveredTransaction: 2, MspaOptOutOptionMode: 0, MspaServiceProviderMode: 0,
    GpcSegmentIncluded: false,
  });
  const [header, core] = gpp.split("~");
  const bits = toBits(core);
  for (let i = 0; i < bitsOf(table); i++) {
    const flipped = bits.slice(0, i) + (bits[i] === "0" ? "1" : "0") + bits.slice(i + 1);
    const s = `${header}~${fromBits(flipped)}`;
    if (segmentValid(table, flipped.slice(0, bitsOf(table)).padEnd(Math.ceil(bitsOf(table) / 6) * 6, "0"))) {
      const model = new GppModel(s);
      const fields = {};
      for (const f of USNAT_FIELDS) fields[f] = model.getFieldValue("usnat", f);
      emit(`usnat-v${version}-bitflip`, "usnat", s, [7], fields, reasonsFor(fields));
    } else {
      emit(`usnat-v${version}-bitflip`, "usnat", s, [7], null, ["gpp_malformed"]);
    }
  }
}

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, lines.join("\n") + "\n");
console.log(`${lines.length} vectors -> ${OUT}`);
