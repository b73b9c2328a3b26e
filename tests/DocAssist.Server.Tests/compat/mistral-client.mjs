// Drives `docassist serve`'s Mistral-compatible OCR API with the official TypeScript client (@mistralai/mistralai, pinned in
// package.json), as an application would: only the server URL and the API key (the server's token) differ from Mistral's.
// The client validates every response against its own schema; a response it cannot parse fails here as a ResponseValidationError.
//
//   DOCASSIST_TOKEN=… node mistral-client.mjs --server http://127.0.0.1:8770 --pdf scan.pdf --image photo.jpg \
//       [--textpdf report.pdf] [--localurl http://127.0.0.1:PORT/scan.pdf]
//
// Arguments may also come from DOCASSIST_SERVER, DOCASSIST_PDF, DOCASSIST_IMAGE, DOCASSIST_TEXT_PDF and DOCASSIST_LOCAL_URL; the
// token only from DOCASSIST_TOKEN (an argument would show in the process list). Prints one JSON object with what each call gave
// (pages, Markdown, confidences, files, errors' status codes and messages) and exits 1 when a call failed in a way that was not
// expected (listed under "unexpected").
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { Mistral } from "@mistralai/mistralai";
import { MistralError, ResponseValidationError, SDKValidationError } from "@mistralai/mistralai/models/errors";

const args = parseArgs(process.argv.slice(2));
const server = args.server ?? process.env.DOCASSIST_SERVER;
const token = process.env.DOCASSIST_TOKEN;
const pdfPath = args.pdf ?? process.env.DOCASSIST_PDF;
const imagePath = args.image ?? process.env.DOCASSIST_IMAGE;
const textPdfPath = args.textpdf ?? process.env.DOCASSIST_TEXT_PDF; // optional: a PDF with a text layer
const localUrl = args.localurl ?? process.env.DOCASSIST_LOCAL_URL; // optional: an http URL on this machine that serves the PDF
const foreignUrl = args.foreign ?? "https://example.com/a.pdf";
if (!server || !token || !pdfPath || !imagePath) {
  process.stderr.write("usage: DOCASSIST_TOKEN=… node mistral-client.mjs --server URL --pdf FILE --image FILE [--textpdf FILE] [--localurl URL] [--foreign URL]\n");
  process.exit(2);
}

// The model name is the provider's; the server reads every document with its own OCR whatever the name.
const model = "mistral-ocr-latest";
const client = new Mistral({ apiKey: token, serverURL: server, timeoutMs: 10 * 60 * 1000 });
const pdf = await readFile(pdfPath);
const image = await readFile(imagePath);
const pdfDataUrl = `data:application/pdf;base64,${pdf.toString("base64")}`;
const imageDataUrl = `data:image/jpeg;base64,${image.toString("base64")}`;

const out = { client: "@mistralai/mistralai", unexpected: [] };

// Runs one call that should succeed; records its summary, or the failure under "unexpected".
async function step(name, call, summarize) {
  const started = Date.now();
  try {
    const value = await call();
    out[name] = { ...summarize(value), ms: Date.now() - started };
  } catch (err) {
    out[name] = { failed: describe(err), ms: Date.now() - started };
    out.unexpected.push({ step: name, ...describe(err) });
  }
}

// Runs one call that the server should refuse with a 4xx; records the status and the error's message.
async function refused(name, call) {
  try {
    const value = await call();
    out[name] = { status: 200 };
    out.unexpected.push({ step: name, error: "expected a 4xx error, got a response", response: JSON.stringify(value).slice(0, 500) });
  } catch (err) {
    const described = describe(err);
    out[name] = described;
    const fromServer = err instanceof MistralError && !(err instanceof ResponseValidationError);
    if (!fromServer || !(err.statusCode >= 400 && err.statusCode < 500)) {
      out.unexpected.push({ step: name, ...described });
    }
  }
}

function describe(err) {
  const d = { name: err?.name ?? typeof err, message: String(err?.message ?? err) };
  if (err instanceof ResponseValidationError || err instanceof SDKValidationError) {
    d.validation = err.pretty(); // the field, what the schema expected and what came
  }

  if (err instanceof MistralError) {
    d.status = err.statusCode;
    d.contentType = err.contentType;
  }

  if (err instanceof MistralError && !(err instanceof ResponseValidationError)) {
    try {
      const body = JSON.parse(err.body);
      d.error = { object: body.object, message: body.message, type: body.type, param: body.param, code: body.code };
    } catch {
      d.body = err.body?.slice(0, 500);
    }
  }

  return d;
}

function page(p) {
  const words = p.confidenceScores?.wordConfidenceScores;
  return {
    index: p.index,
    markdown: p.markdown,
    header: p.header ?? null,
    footer: p.footer ?? null,
    dimensions: p.dimensions,
    images: p.images.map(i => ({
      id: i.id, box: [i.topLeftX, i.topLeftY, i.bottomRightX, i.bottomRightY], base64Prefix: i.imageBase64?.slice(0, 40) ?? null,
      base64Length: i.imageBase64?.length ?? 0,
    })),
    tables: (p.tables ?? []).map(t => ({ id: t.id, format: t.format, content: t.content })),
    blocks: p.blocks == null ? null : p.blocks.map(b => ({ type: b.type, box: [b.topLeftX, b.topLeftY, b.bottomRightX, b.bottomRightY] })),
    confidence: p.confidenceScores == null ? null : {
      average: p.confidenceScores.averagePageConfidenceScore,
      minimum: p.confidenceScores.minimumPageConfidenceScore,
      words: words == null ? null : words.map(w => ({ text: w.text, confidence: w.confidence, start: w.startIndex })),
    },
  };
}

function ocr(r) {
  return { model: r.model, pagesProcessed: r.usageInfo.pagesProcessed, docSizeBytes: r.usageInfo.docSizeBytes ?? null,
    documentAnnotation: r.documentAnnotation ?? null, pages: r.pages.map(page) };
}

function file(f) {
  return { id: f.id, object: f.object, bytes: f.sizeBytes, filename: f.filename, purpose: f.purpose, source: f.source,
    mimetype: f.mimetype ?? null, createdAt: f.createdAt, deleted: f.deleted ?? null };
}

// A scanned PDF by data URL, with word confidences and the embedded images.
await step("scannedPdf", () => client.ocr.process({
  model,
  document: { type: "document_url", documentUrl: pdfDataUrl, documentName: basename(pdfPath) },
  includeImageBase64: true,
  confidenceScoresGranularity: "word",
}), ocr);

// A photo by data URL, with page confidences.
await step("image", () => client.ocr.process({
  model,
  document: { type: "image_url", imageUrl: imageDataUrl },
  confidenceScoresGranularity: "page",
}), ocr);

// One page of the PDF, its header apart.
await step("firstPage", () => client.ocr.process({
  model,
  document: { type: "document_url", documentUrl: pdfDataUrl },
  pages: [0],
  extractHeader: true,
}), ocr);

// A PDF with a text layer: its own text, no confidences to give even when asked.
if (textPdfPath) {
  const textPdf = await readFile(textPdfPath);
  await step("textLayerPdf", () => client.ocr.process({
    model,
    document: { type: "document_url", documentUrl: `data:application/pdf;base64,${textPdf.toString("base64")}` },
    confidenceScoresGranularity: "word",
    extractFooter: true,
  }), ocr);
}

// The upload flow: a file, its signed URL, OCR by that URL and by the file's id, then retrieval, download and deletion.
let fileId = null;
await step("upload", async () => {
  const uploaded = await client.files.upload({ file: { fileName: basename(pdfPath), content: pdf }, purpose: "ocr" });
  fileId = uploaded.id;
  return uploaded;
}, file);
if (fileId !== null) {
  let signedUrl = null;
  await step("signedUrl", async () => {
    signedUrl = (await client.files.getSignedUrl({ fileId, expiry: 1 })).url;
    return signedUrl;
  }, url => ({ url: url.replace(/signature=[^&]*/, "signature=…") }));
  if (signedUrl !== null) {
    await step("bySignedUrl", () => client.ocr.process({ model, document: { type: "document_url", documentUrl: signedUrl } }), ocr);
  }

  await step("byFileId", () => client.ocr.process({ model, document: { type: "file", fileId }, pages: [0] }), ocr);
  await step("retrieve", () => client.files.retrieve({ fileId }), file);
  await step("download", async () => Buffer.from(await new Response(await client.files.download({ fileId })).arrayBuffer()),
    bytes => ({ bytes: bytes.length, same: bytes.equals(pdf) }));
  await step("delete", () => client.files.delete({ fileId }), d => ({ id: d.id, object: d.object, deleted: d.deleted }));
  await refused("retrieveDeleted", () => client.files.retrieve({ fileId }));
  await refused("ocrDeleted", () => client.ocr.process({ model, document: { type: "file", fileId } }));
}

// A document on this machine, by http URL: downloaded by the server (the loopback is allowed by every policy).
if (localUrl) {
  await step("localUrl", () => client.ocr.process({ model, document: { type: "document_url", documentUrl: localUrl } }), ocr);
}

// A document on another machine: refused by the egress policy, before any lookup or connection.
await refused("foreignUrl", () => client.ocr.process({ model, document: { type: "document_url", documentUrl: foreignUrl } }));

// Annotations need a vision model: refused, naming the option.
await refused("annotation", () => client.ocr.process({
  model,
  document: { type: "document_url", documentUrl: pdfDataUrl },
  documentAnnotationFormat: {
    type: "json_schema",
    jsonSchema: { name: "letter", schemaDefinition: { type: "object", properties: { sender: { type: "string" } } } },
  },
}));

// The wrong key.
await refused("wrongKey", () => new Mistral({ apiKey: `${token}x`, serverURL: server }).files.retrieve({ fileId: fileId ?? "none" }));

process.stdout.write(`${JSON.stringify(out)}\n`);
process.exitCode = out.unexpected.length === 0 ? 0 : 1;

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z]+)$/.exec(argv[i]);
    if (!m || i + 1 >= argv.length) {
      process.stderr.write(`unknown argument: ${argv[i]}\n`);
      process.exit(2);
    }

    parsed[m[1]] = argv[++i];
  }

  return parsed;
}
