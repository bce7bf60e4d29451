/**
 * The non-nominal guard: some collections (migrant smuggling above all) must never hold
 * personal identifiers. A file with a column that looks like one is refused as a whole; a
 * free-text value that contains one is refused with its row and field.
 */
import { fold } from './text.js';

const HEADER_PATTERNS: Array<[RegExp, string]> = [
  [
    /^(full)?names?$|^(first|last|family|given|sur|middle|maiden)names?$|^surname$|^forename$|^nombres?$|^apellidos?$|^noms?$|^prenoms?$|^fio$|^имя$|^фамилия$|^姓名$|^اسم$/,
    'a person’s name',
  ],
  [/passport|passeport|pasaporte|паспорт|护照|جواز/, 'a passport number'],
  [
    /^(national)?id(entity)?(card)?(number|no|num)?$|identitynumber|identitycard|nationalid|cedula|dni|documentoidentidad|carteidentite|^ssn$/,
    'an identity number',
  ],
  [/phone|telephone|telefono|téléphone|mobile|cellular|celular|whatsapp|телефон|电话|هاتف/, 'a phone number'],
  [/email|e?mail$|courriel|correo|почта|邮箱|بريد/, 'an e-mail address'],
  [/dateofbirth|birthdate|^dob$|fechadenacimiento|datedenaissance/, 'a date of birth'],
  [/address$|adresse$|direccion$|domicile|domicilio/, 'a home address'],
];

/** Why a column header is refused in a non-nominal collection, or null. */
export function nominalHeader(header: string): string | null {
  const f = fold(header);
  for (const [pattern, what] of HEADER_PATTERNS) if (pattern.test(f)) return what;
  return null;
}

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]{2,}/;
const PHONE = /(?:\+|00)\d[\d\s().-]{6,}\d|\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b/;
const ID_NUMBER = /\b(?:passport|passeport|pasaporte|id|dni|cedula|n[°o]\.?)\s*(?:no\.?|number|num|#|:)?\s*[A-Z]{0,3}\d{5,}\b/i;

/** Why a free-text value is refused in a non-nominal field, or null. */
export function nominalValue(text: string): string | null {
  if (EMAIL.test(text)) return 'it contains an e-mail address';
  if (PHONE.test(text)) return 'it contains a phone number';
  if (ID_NUMBER.test(text)) return 'it contains a passport or identity number';
  return null;
}
