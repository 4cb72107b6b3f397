//! The compute SDK's decoding (build mode): with `extra_fields: true` in its family.yaml, fields
//! the docs do not list are kept in `extra` maps instead of being dropped; the envelope is not.

use surfercloud_sdk::compute::enums::OsType;
use surfercloud_sdk::compute::operation::describe_images::DescribeImagesResponse;
use surfercloud_sdk::compute::OrUnknown;

#[test]
fn undocumented_fields_are_kept_in_extra() {
    let body = r#"{"RetCode": 0, "Action": "DescribeImagesResponse", "TotalCount": "1", "Cursor": "abc",
        "ImageSet": [{"ImageId": "img-1", "ImageName": "Ubuntu", "OsType": "Plan9", "MinDiskGB": 20,
                      "Public": "true", "Checksum": {"sha256": "00"}}]}"#;
    let response: DescribeImagesResponse = sdkgen_runtime::decode::from_json(body.as_bytes()).unwrap();
    assert_eq!(response.total_count, 1);
    assert_eq!(response.extra.keys().collect::<Vec<_>>(), ["Cursor"], "the envelope is not extra");
    let image = &response.image_set[0];
    assert_eq!(
        image.os_type,
        OrUnknown::<OsType>::Unknown("Plan9".into()),
        "an undocumented enum value is kept"
    );
    assert!(image.public);
    assert_eq!(image.extra["Checksum"]["sha256"], "00");
}
