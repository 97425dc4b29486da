//! The QR code to the region's site, as an SVG document the layout places as an image.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG of the QR code of `url`: one unit per module, black on white, with the
/// four-module quiet zone scanners need. Error correction level M survives a crease
/// or a smudge on a printed leaflet.
pub fn svg(url: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).map_err(|e| e.to_string())?;
    Ok(code
        .render::<svg::Color<'_>>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    #[test]
    fn makes_a_square_svg() {
        let s = super::svg("https://www.pref.example.lg.jp/zaitaku/hokubu/").unwrap();
        assert!(s.contains("<svg") && s.contains("<path"), "{s}");
    }
}
