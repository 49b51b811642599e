/**
 * A one-page PDF around the report's picture. pdf-lib's standard fonts cannot encode Chinese, so the title,
 * parameters and watermark are drawn into the picture itself (by echarts, with the CJK font) and the PDF's
 * metadata carries the title and watermark as text.
 */
export async function pngToPdf(png: Uint8Array, meta: { title: string; watermark: string; createdAt: Date }): Promise<Uint8Array> {
  const { PDFDocument } = await import("pdf-lib"); // loaded on the first PDF, not at start
  const doc = await PDFDocument.create();
  doc.setTitle(meta.title);
  doc.setSubject(meta.watermark);
  doc.setProducer("OPS reports");
  doc.setCreationDate(meta.createdAt);
  const image = await doc.embedPng(png);
  // A4 landscape in points; the picture scaled to fit inside a 36 pt margin.
  const page = doc.addPage([842, 595]);
  const scale = Math.min((842 - 72) / image.width, (595 - 72) / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  page.drawImage(image, { x: (842 - w) / 2, y: (595 - h) / 2, width: w, height: h });
  return doc.save();
}
