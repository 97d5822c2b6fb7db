import { Image, Text, View } from '@tarojs/components';
import { barcodeDataUri, qrDataUri } from '@/lib/codes';
import { groupDigits } from '@/lib/format';
import './code-view.scss';

/** A code for the cashier's scanner: barcode on top (1D scanners), QR below, digits to read out. */
export function CodeView({ code, hint }: { code: string; hint?: string }) {
  return (
    <View className="code-view" data-testid="code-view">
      <Image className="code-view__bar" src={barcodeDataUri(code)} mode="scaleToFill" />
      <Text className="code-view__digits" data-testid="code-digits">
        {groupDigits(code)}
      </Text>
      <Image className="code-view__qr" src={qrDataUri(code)} mode="aspectFit" />
      {hint ? <Text className="code-view__hint">{hint}</Text> : null}
    </View>
  );
}
