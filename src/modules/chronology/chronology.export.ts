import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import { formatDateTime, formatEventTime, formatIsoDate } from '../../platform/dates.ts';
import { CATEGORY_LABELS, type ChronologyEntry, NATURE_LABELS, SIGNIFICANCE_LABELS } from './chronology.schema.ts';

export interface ExportMeta {
  title: string;
  scope: string;
  from: string | null;
  to: string | null;
  generatedAt: Date;
  generatedBy: string;
  withheld: number;
}

const MARKING = 'OFFICIAL-SENSITIVE — contains personal data about children and adults. Do not forward outside the review.';

function peopleText(entry: ChronologyEntry): string {
  return entry.people.map((person) => person.name ?? 'another person (not shown)').join('; ');
}

/** A spreadsheet-safe cell: text starting with = + - @ is prefixed so Excel never runs it as a formula. */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function renderChronologyCsv(entries: ChronologyEntry[]): Buffer {
  const rows = entries.map((entry) => [
    entry.occurredAt.toISOString(),
    entry.occurredAtIsApproximate ? 'yes' : 'no',
    entry.timeIsKnown ? 'yes' : 'no',
    entry.sourceAgencyName,
    safeCell(entry.authorLabel),
    CATEGORY_LABELS[entry.category],
    NATURE_LABELS[entry.nature],
    SIGNIFICANCE_LABELS[entry.significance],
    safeCell(entry.summary),
    safeCell(peopleText(entry)),
    entry.supersedesId ? `Amended: ${safeCell(entry.amendmentReason ?? '')}` : '',
    entry.withdrawal ? `Withdrawn: ${safeCell(entry.withdrawal.reason)}` : '',
    entry.recordedAt.toISOString(),
    entry.id,
  ]);
  return Buffer.from(
    `\uFEFF${stringify(rows, {
      header: true,
      columns: [
        'occurred_at',
        'approximate',
        'time_known',
        'source_agency',
        'author',
        'category',
        'fact_or_opinion',
        'significance',
        'summary',
        'people',
        'amendment',
        'withdrawal',
        'recorded_at',
        'entry_id',
      ],
    })}`,
    'utf8',
  );
}

/** The review chronology as a PDF: a title page block, then each entry with its source, oldest first. */
export function renderChronologyPdf(entries: ChronologyEntry[], meta: ExportMeta): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    info: { Title: meta.title, Author: 'Whole Picture', Subject: 'Multi-agency chronology' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 112;
  doc.font('Helvetica-Bold').fontSize(18).text(meta.title, { width });
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(10);
  const range = `${meta.from ? formatIsoDate(meta.from) : 'the first entry'} to ${meta.to ? formatIsoDate(meta.to) : 'the latest entry'}`;
  doc.text(`${meta.scope} chronology, ${range}. ${entries.length} entries, oldest first.`, { width });
  doc.text(`Produced by ${meta.generatedBy} on ${formatDateTime(meta.generatedAt)} from Whole Picture.`, { width });
  if (meta.withheld > 0) {
    doc
      .moveDown(0.3)
      .font('Helvetica-Bold')
      .text(`${meta.withheld} entries are withheld from this export because the person who produced it may not see them.`, { width });
  }
  doc.moveDown(1);
  for (const entry of entries) {
    if (doc.y > doc.page.height - 160) {
      doc.addPage();
    }
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(formatEventTime(entry.occurredAt, { timeIsKnown: entry.timeIsKnown, approximate: entry.occurredAtIsApproximate }), {
        width,
        continued: true,
      });
    doc
      .font('Helvetica')
      .text(
        `   ${CATEGORY_LABELS[entry.category]} · ${SIGNIFICANCE_LABELS[entry.significance]} significance · ${NATURE_LABELS[entry.nature]}`,
      );
    doc
      .fillColor('#505a5f')
      .text(`Source: ${entry.sourceAgencyName}, recorded by ${entry.authorLabel} on ${formatDateTime(entry.recordedAt)}`, { width });
    doc.text(`About: ${peopleText(entry)}`, { width }).fillColor('black');
    doc.moveDown(0.2).text(entry.summary, { width });
    if (entry.supersedesId) {
      doc
        .fillColor('#505a5f')
        .text(`Amended — reason: ${entry.amendmentReason ?? ''}`, { width })
        .fillColor('black');
    }
    if (entry.withdrawal) {
      doc.fillColor('#d4351c').text(`Withdrawn by ${entry.withdrawal.byLabel}: ${entry.withdrawal.reason}`, { width }).fillColor('black');
    }
    doc
      .moveDown(0.4)
      .moveTo(56, doc.y)
      .lineTo(56 + width, doc.y)
      .strokeColor('#b1b4b6')
      .stroke()
      .moveDown(0.6);
  }
  const range2 = doc.bufferedPageRange();
  for (let index = range2.start; index < range2.start + range2.count; index += 1) {
    doc.switchToPage(index);
    // Writing in the bottom margin needs the margin lifted, or pdfkit starts a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#505a5f');
    doc.text(MARKING, 56, doc.page.height - 44, { width, align: 'left' });
    doc.text(`Page ${index + 1} of ${range2.count}`, 56, doc.page.height - 32, { width, align: 'right' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
