import { useState, type MouseEvent } from 'react';
import { Button, Typography, theme } from 'antd';

export type AmountKey =
  '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | '.' | 'backspace' | 'clear';

/** Default cap: 6 digits of yuan, i.e. at most ¥999999.99 per entry. */
export const DEFAULT_MAX_YUAN_DIGITS = 6;

/**
 * Cashiers type yuan, as on a till: `1 2 8` is ¥128, `.` starts the jiao/fen (`1 2 8 . 5` is
 * ¥128.50). The entry is kept as the text typed; a key that would make it invalid (a second `.`,
 * a third decimal, a 7th yuan digit) is refused as a whole — nothing typed is ever changed.
 */
export function applyAmountKey(
  text: string,
  key: AmountKey,
  maxYuanDigits = DEFAULT_MAX_YUAN_DIGITS,
): string {
  if (key === 'clear') return '';
  if (key === 'backspace') return text.slice(0, -1);
  if (key === '.') return text.includes('.') ? text : `${text || '0'}.`;
  const next = (text === '0' ? '' : text) + key;
  const [whole, decimals] = next.split('.');
  if (decimals !== undefined ? decimals.length > 2 : whole.length > maxYuanDigits) return text;
  return next === '00' ? '0' : next;
}

/** The typed yuan text in fen: "128" → 12800, "128.5" → 12850, "" → 0. */
export function typedYuanToFen(text: string): number {
  if (!text) return 0;
  const [whole, decimals = ''] = text.split('.');
  return Number(whole || '0') * 100 + Number((decimals + '00').slice(0, 2));
}

/** How an amount in fen is typed back (used when the amount is set from outside, e.g. reset to 0). */
export function fenToTyped(valueFen: number): string {
  if (valueFen <= 0) return '';
  const whole = Math.floor(valueFen / 100);
  const rest = valueFen % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

const KEY_ROWS: AmountKey[][] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['.', '0', '00'],
];

const KEY_LABELS: Record<AmountKey, string> = {
  '0': '0',
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  '5': '5',
  '6': '6',
  '7': '7',
  '8': '8',
  '9': '9',
  '00': '00',
  '.': '.',
  backspace: '退格',
  clear: '清空',
};

export interface AmountKeypadProps {
  /** The amount in integer fen. */
  valueFen: number;
  onChange: (valueFen: number) => void;
  /** Most yuan digits before the decimal point. */
  maxYuanDigits?: number;
  /** Caption above the amount. */
  label?: string;
  disabled?: boolean;
  /** Enter on the focused amount (keyboard-only checkout). */
  onEnter?: () => void;
  /** Shorter keys, so the whole checkout fits a 1366×768 till without scrolling. */
  compact?: boolean;
}

/** Physical keyboard → keypad key: digits, `.`, Backspace, Delete/Escape clears; anything else is ignored. */
export function keyFromKeyboard(key: string): AmountKey | null {
  if (/^[0-9]$/.test(key)) return key as AmountKey;
  if (key === '.' || key === 'Decimal') return '.';
  if (key === 'Backspace') return 'backspace';
  if (key === 'Delete' || key === 'Escape') return 'clear';
  return null;
}

// Keep focus where it is (the scan input), so a barcode scanner keeps typing into it.
const keepFocus = (event: MouseEvent) => event.preventDefault();

/** A touch-sized numeric keypad: the cashier types yuan, the parent receives fen. */
export function AmountKeypad({
  valueFen,
  onChange,
  maxYuanDigits = DEFAULT_MAX_YUAN_DIGITS,
  label = '金额',
  disabled = false,
  onEnter,
  compact = false,
}: AmountKeypadProps) {
  const { token } = theme.useToken();
  // What was typed ("128.", "128.5"); re-derived when the parent sets another amount (e.g. 0 after a bill).
  const [typed, setTyped] = useState(() => fenToTyped(valueFen));
  const shown = typedYuanToFen(typed) === valueFen ? typed : fenToTyped(valueFen);

  const press = (key: AmountKey) => {
    const next = applyAmountKey(shown, key, maxYuanDigits);
    if (next === shown) return;
    setTyped(next);
    const fen = typedYuanToFen(next);
    if (fen !== valueFen) onChange(fen);
  };

  const keyStyle = { height: compact ? 46 : 64, fontSize: compact ? 22 : 26, fontWeight: 500 } as const;

  return (
    <div role="group" aria-label={`${label}键盘`}>
      <div
        style={{
          background: token.colorFillQuaternary,
          borderRadius: token.borderRadiusLG,
          padding: compact ? '6px 12px' : '12px 16px',
          marginBottom: compact ? 8 : 12,
          textAlign: 'right',
        }}
      >
        <Typography.Text type="secondary">{label}</Typography.Text>
        <div
          role="status"
          aria-label={label}
          aria-live="polite"
          tabIndex={disabled ? -1 : 0}
          data-testid="amount"
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              onEnter?.();
              return;
            }
            const key = keyFromKeyboard(event.key);
            if (key && !disabled) {
              event.preventDefault();
              press(key);
            }
          }}
          style={{
            fontSize: compact ? 32 : 40,
            fontWeight: 600,
            lineHeight: 1.25,
            fontVariantNumeric: 'tabular-nums',
          }}
        >
          ¥{shown || '0'}
        </div>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: compact ? 8 : 12 }}>
        {KEY_ROWS.flat().map((key) => (
          <Button
            key={key}
            aria-label={KEY_LABELS[key]}
            disabled={disabled}
            autoInsertSpace={false}
            onMouseDown={keepFocus}
            onClick={() => press(key)}
            style={keyStyle}
          >
            {KEY_LABELS[key]}
          </Button>
        ))}
        <Button
          aria-label={KEY_LABELS.backspace}
          disabled={disabled}
          autoInsertSpace={false}
          onMouseDown={keepFocus}
          onClick={() => press('backspace')}
          style={{ ...keyStyle, fontSize: 20, gridColumn: 'span 2' }}
        >
          {KEY_LABELS.backspace}
        </Button>
        <Button
          aria-label={KEY_LABELS.clear}
          danger
          disabled={disabled}
          autoInsertSpace={false}
          onMouseDown={keepFocus}
          onClick={() => press('clear')}
          style={{ ...keyStyle, fontSize: 20 }}
        >
          {KEY_LABELS.clear}
        </Button>
      </div>
    </div>
  );
}
