//! The declarative macros generated crates are written in: one line per param declares the
//! struct field, its wire name, its encoding and (for optional params) its builder setter.
//!
//! Generated code says *what* an action is; these macros say, once, *how* that becomes Rust.
//! A param line reads `KIND name: Type = "WireName";` where `KIND` is
//! - `required`: a plain field, taken as an argument of the client method;
//! - `optional`: an `Option<Type>` field with a setter taking `impl Into<Type>`;
//! - `defaulted` (actions only, written `defaulted name: Type = "WireName" default VALUE;`): a
//!   param the docs require and give a default for, so it is always sent: a plain field that
//!   starts at `VALUE`, with a setter like an optional one;
//! - `list`: a `Vec<Type>` field (sent as `WireName.N`) with a setter taking any iterator of
//!   `impl Into<Type>`.

/// Declares one action: its request struct, the [`Action`](crate::Action) impl, its builder
/// (a name for the crate's [`builder!`](crate::builder) type over the request, plus one setter
/// per optional param) and the client method. The client type must have a field
/// `transport: Transport` that the invoking module can read (a field, not a method: measured,
/// cheaper to check).
///
/// ```
/// # use sdkgen_runtime::Transport;
/// # #[derive(Debug, Clone)] pub struct Client { transport: Transport }
/// # pub type GetThingResponse = sdkgen_runtime::EmptyResponse;
/// sdkgen_runtime::builder! {
///     /// A request being built.
///     pub struct Builder;
/// }
/// sdkgen_runtime::action! {
///     /// The params of `GetThing`.
///     pub struct GetThingRequest {
///         /// The thing's ID.
///         required thing_id: String = "ThingId";
///         /// Tags to match.
///         list tags: String = "Tags";
///         /// Page size.
///         optional limit: i64 = "Limit";
///         /// Page number (required by the API, sent as 1 unless set).
///         defaulted page: i64 = "Page" default 1;
///     }
///     /// Builds and sends `GetThing`.
///     pub type GetThing = Builder("GetThing") -> GetThingResponse;
///     impl Client {
///         /// Gets a thing.
///         pub fn get_thing(thing_id: String);
///     }
///     options: idempotent, default_region;
///     rules: [Range { name: "Limit", min: Some(1), max: Some(100) }];
/// }
/// ```
#[macro_export]
macro_rules! action {
    (
        $(#$request_meta:tt)*
        $request_vis:vis struct $request:ident {
            $( $(#$field_meta:tt)* $kind:ident $field:ident : $field_ty:ty = $wire:literal $(default $default:expr)?; )*
        }
        $(#$builder_meta:tt)*
        $builder_vis:vis type $builder:ident = $builder_ty:ident ($name:literal) -> $response:ty;
        impl $client:ident {
            $(#$method_meta:tt)*
            $method_vis:vis fn $method:ident ( $( $arg:ident : $arg_ty:ty ),* $(,)? );
        }
        options: $( $option:ident ),* ;
        $( rules: [ $( $rule:ident $rule_body:tt ),* $(,)? ]; )?
    ) => {
        $(#$request_meta)*
        // No `PartialEq`: a request is built and sent, not compared (its `Debug` shows it).
        #[derive(Clone)]
        #[non_exhaustive]
        $request_vis struct $request {
            $( $(#$field_meta)* pub $field: $crate::__param_type!($kind $field_ty), )*
        }

        /// The params it sends, by wire name (credentials redacted).
        impl ::core::fmt::Debug for $request {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::call::debug_request(::core::stringify!($request), self, f)
            }
        }

        impl $crate::Action for $request {
            const NAME: &'static str = $name;
            const OPTIONS: $crate::CallOptions = $crate::CallOptions::NONE $( .$option() )*;
            $( const RULES: &'static [$crate::Rule] = &[ $( $crate::Rule::$rule $rule_body ),* ]; )?
            type Response = $response;

            #[allow(deprecated, unused_variables)]
            fn encode(&self, out: &mut $crate::Params) {
                $crate::__by_width!([ $( $field )* ] {
                    $( out.field("", $wire, &self.$field); )*
                } {
                    $crate::params::EncodeFields::encode_fields(( $( &self.$field, )* ), "", &[ $( $wire ),* ], out);
                });
            }
        }

        $(#$builder_meta)*
        $builder_vis type $builder = $builder_ty<$request>;

        impl $client {
            $(#$method_meta)*
            // Every required param is an argument, however many the docs list.
            #[allow(deprecated, clippy::too_many_arguments)]
            $method_vis fn $method(&self, $( $arg: impl ::core::convert::Into<$arg_ty> ),*) -> $builder {
                $builder_ty::new(
                    self.transport.clone(),
                    $request { $( $field: $crate::__param_init!($kind $field $(, $default)?), )* },
                )
            }
        }

        impl $builder_ty<$request> {
            $( $crate::__param_setter!($kind $(#$field_meta)* $field: $field_ty); )*
        }
    };
}

/// Declares request-side structs (nested request params such as `Targets.N.Id`): plain
/// structs with `Default`, encoded under their parent's prefix.
#[macro_export]
macro_rules! params {
    ($(
        $(#$meta:tt)*
        $vis:vis struct $name:ident {
            $( $(#$field_meta:tt)* $kind:ident $field:ident : $field_ty:ty = $wire:literal; )*
        }
    )*) => {$(
        $(#$meta)*
        // No `PartialEq`, like the requests that hold them: built and sent, not compared.
        #[derive(Debug, Clone, Default)]
        $vis struct $name {
            $( $(#$field_meta)* pub $field: $crate::__param_type!($kind $field_ty), )*
        }

        impl $crate::EncodeParams for $name {
            #[allow(deprecated, unused_variables)]
            fn encode(&self, prefix: &str, out: &mut $crate::Params) {
                $crate::__by_width!([ $( $field )* ] {
                    $( out.field(prefix, $wire, &self.$field); )*
                } {
                    $crate::params::EncodeFields::encode_fields(( $( &self.$field, )* ), prefix, &[ $( $wire ),* ], out);
                });
            }
        }
    )*};
}

/// Declares response-side structs (a response, a data model): `#[non_exhaustive]`, decoded
/// field by field through [`Tolerant`](crate::decode::Tolerant) with no copy of the decoding
/// logic per field. Param lines as in [`action!`](crate::action): `required` fields must be
/// present, `optional` ones become `None` when absent (or `null`, or a blank number), `list`
/// ones empty. A last line `..extra` keeps undocumented fields in a map of that name;
/// `..extra except ["RetCode"]` leaves the named keys out of it.
///
/// Every struct is `Debug`; attributes written before `pub struct` are kept, so
/// `#[derive(Clone)]` there makes it `Clone` too (generated data models say so; responses,
/// which are taken apart rather than copied, do not).
///
/// The structs implement [`Object`](crate::decode::Object), hence `Tolerant`, and not serde's
/// `Deserialize` (an impl per struct that nothing in a generated crate needs: 3 % of the
/// instructions to check one, measured on ulb); decode JSON into them with
/// [`decode::from_json`](crate::decode::from_json).
///
/// ```
/// sdkgen_runtime::model! {
///     /// A thing.
///     #[derive(Clone)]
///     pub struct Thing {
///         /// Its ID.
///         required id: String = "Id";
///         /// Its size.
///         optional size: i64 = "Size";
///         /// Its tags.
///         list tags: String = "Tags";
///     }
/// }
/// let thing: Thing = sdkgen_runtime::decode::from_json(br#"{"Id": 7, "Size": ""}"#).unwrap();
/// assert_eq!((thing.id.as_str(), thing.size, thing.tags.len()), ("7", None, 0));
/// ```
#[macro_export]
macro_rules! model {
    ($(
        $(#$meta:tt)*
        $vis:vis struct $name:ident {
            $( $(#$field_meta:tt)* $kind:ident $field:ident : $field_ty:ty = $wire:literal; )*
            $( .. $extra:ident $( except [ $( $skip:literal ),* $(,)? ] )? )?
        }
    )*) => {$(
        $(#$meta)*
        // `Clone` only where the attributes ask for it (generated data models do, responses do
        // not). No `PartialEq`: a decoded struct is read, field by field (which compare), not
        // built or compared whole; users cannot build one to compare with (`#[non_exhaustive]`).
        #[derive(Debug)]
        #[non_exhaustive]
        $vis struct $name {
            $( $(#$field_meta)* pub $field: $crate::__param_type!($kind $field_ty), )*
            $(
                /// Fields the API docs do not list, by wire name.
                pub $extra: ::std::collections::BTreeMap<::std::string::String, $crate::serde_json::Value>,
            )?
        }

        impl $crate::decode::Object for $name {
            #[allow(deprecated)]
            fn visit<'de, __Map: $crate::serde::de::MapAccess<'de>>(
                mut map: __Map,
            ) -> ::core::result::Result<Self, __Map::Error> {
                $( let mut $extra = ::std::collections::BTreeMap::new(); )?
                // One call reads every key into the fields' slots, which keeps each struct's
                // code (and its compile time) small.
                $crate::__by_width!([ $( $field )* ] {
                    // More fields than the widest tuple: the slots are an array.
                    {
                        $( let mut $field = $crate::__model_slot!($kind $field_ty); )*
                        match $crate::decode::fields(
                            &mut map,
                            &[ $( $wire ),* ],
                            &mut [ $( &mut $field as &mut dyn $crate::decode::Slot<'_, _> ),* ][..],
                            $crate::__model_extra!($( $extra [ $( $( $skip ),* )? ] )?),
                        ) {
                            ::core::result::Result::Ok(_) => ::core::result::Result::Ok($name {
                                $( $field: $crate::__model_init!($kind $field), )*
                                $( $extra, )?
                            }),
                            ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                        }
                    }
                } {
                    // A `match`, not `?`: measured, `?` on the generic `MapAccess` error cost
                    // 2 % of a crate's check.
                    match $crate::decode::fields(
                        &mut map,
                        &[ $( $wire ),* ],
                        ( $( $crate::__model_slot!($kind $field_ty), )* ),
                        $crate::__model_extra!($( $extra [ $( $( $skip ),* )? ] )?),
                    ) {
                        ::core::result::Result::Ok(( $( $field, )* )) => ::core::result::Result::Ok($name {
                            $( $field: $crate::__model_init!($kind $field), )*
                            $( $extra, )?
                        }),
                        ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                    }
                })
            }
        }
    )*};
}

/// Makes a struct that derives serde's `Deserialize` (a model sent in requests as well as
/// returned) an [`Object`](crate::decode::Object), so a `model!` struct can hold it: it decodes
/// with its derive ([`decode::derived`](crate::decode::derived)).
#[macro_export]
macro_rules! derived_object {
    ($name:ty) => {
        impl $crate::decode::Object for $name {
            fn visit<'de, __Map: $crate::serde::de::MapAccess<'de>>(
                map: __Map,
            ) -> ::core::result::Result<Self, __Map::Error> {
                $crate::decode::derived(map)
            }
        }
    };
}

/// The first block when the names are more than
/// [`TUPLE_FIELDS`](crate::TUPLE_FIELDS) (32: the first rule matches 33 names or more), else
/// the second: how a struct's fields reach the runtime, one tuple (see [`crate::tuples`]) or,
/// for a wider struct, field by field.
#[doc(hidden)]
#[macro_export]
macro_rules! __by_width {
    (
        [
            $a0:ident $a1:ident $a2:ident $a3:ident $a4:ident $a5:ident $a6:ident $a7:ident
            $b0:ident $b1:ident $b2:ident $b3:ident $b4:ident $b5:ident $b6:ident $b7:ident
            $c0:ident $c1:ident $c2:ident $c3:ident $c4:ident $c5:ident $c6:ident $c7:ident
            $d0:ident $d1:ident $d2:ident $d3:ident $d4:ident $d5:ident $d6:ident $d7:ident
            $( $more:ident )+
        ]
        { $( $wide:tt )* } { $( $narrow:tt )* }
    ) => {
        $( $wide )*
    };
    ([ $( $_names:ident )* ] { $( $wide:tt )* } { $( $narrow:tt )* }) => {
        $( $narrow )*
    };
}

/// Where a `model!` struct keeps the keys the docs do not list: nowhere, or its `extra` map
/// (less the keys named after `except`).
#[doc(hidden)]
#[macro_export]
macro_rules! __model_extra {
    () => {
        ::core::option::Option::None
    };
    ($extra:ident [ $( $skip:literal ),* ]) => {
        ::core::option::Option::Some((&mut $extra, &[ $( $skip ),* ]))
    };
}

/// A decoded field's slot while its object is read: optional and list fields start at their
/// default and take the value as it comes; a required one waits in a [`Required`](crate::decode::Required).
#[doc(hidden)]
#[macro_export]
macro_rules! __model_slot {
    (required $ty:ty) => {
        $crate::decode::Required::<$ty>::new()
    };
    (optional $ty:ty) => {
        ::core::option::Option::<$ty>::None
    };
    (list $ty:ty) => {
        ::std::vec::Vec::<$ty>::new()
    };
}

/// A decoded field's final value: a required one out of its slot (`decode::fields` has already
/// turned an absent one into an error, free-form JSON excepted, see `Tolerant::missing`); the
/// others are their slots.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_init {
    (required $field:ident) => {
        $field.take()
    };
    (optional $field:ident) => {
        $field
    };
    (list $field:ident) => {
        $field
    };
}

/// The field type of a param line.
#[doc(hidden)]
#[macro_export]
macro_rules! __param_type {
    (required $ty:ty) => { $ty };
    (defaulted $ty:ty) => { $ty };
    (optional $ty:ty) => { ::core::option::Option<$ty> };
    (list $ty:ty) => { ::std::vec::Vec<$ty> };
}

/// A param's value in a new request: required ones from the method argument of the same name,
/// defaulted ones from their documented default.
#[doc(hidden)]
#[macro_export]
macro_rules! __param_init {
    (required $field:ident) => {
        ::core::convert::Into::into($field)
    };
    (defaulted $field:ident, $default:expr) => {
        ::core::convert::Into::into($default)
    };
    (optional $field:ident) => {
        ::core::option::Option::None
    };
    (list $field:ident) => {
        ::std::vec::Vec::new()
    };
}

/// A builder setter for an optional or list param (required params are method arguments).
#[doc(hidden)]
#[macro_export]
macro_rules! __param_setter {
    (required $(#$meta:tt)* $field:ident : $ty:ty) => {};
    (defaulted $(#$meta:tt)* $field:ident : $ty:ty) => {
        $(#$meta)*
        #[allow(deprecated)]
        pub fn $field(mut self, $field: impl ::core::convert::Into<$ty>) -> Self {
            self.0.request.$field = $field.into();
            self
        }
    };
    (optional $(#$meta:tt)* $field:ident : $ty:ty) => {
        $(#$meta)*
        #[allow(deprecated)]
        pub fn $field(mut self, $field: impl ::core::convert::Into<$ty>) -> Self {
            self.0.request.$field = ::core::option::Option::Some($field.into());
            self
        }
    };
    (list $(#$meta:tt)* $field:ident : $ty:ty) => {
        $(#$meta)*
        #[allow(deprecated)]
        pub fn $field(
            mut self,
            $field: impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<$ty>>,
        ) -> Self {
            self.0.request.$field = $crate::params::list_of($field);
            self
        }
    };
}

/// Declares a generated crate's one builder type, generic over the request: `Builder<R>` holds
/// a [`Call`](crate::Call) and has, once for every action, `request`, `send`, `send_raw` and
/// (paged actions) `pages`, `items` and `page_concurrency`. Each [`action!`](crate::action) names it
/// for its request (`pub type GetThing = Builder<GetThingRequest>;`) and adds its setters in
/// an `impl Builder<GetThingRequest>` block. One generic type instead of a struct with derives
/// per action: measured, 6 % fewer instructions to check a generated crate.
#[macro_export]
macro_rules! builder {
    ($(#$meta:tt)* $vis:vis struct $name:ident;) => {
        $(#$meta)*
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        // The setters (in other modules of the crate) write `self.0.request` directly.
        $vis struct $name<R>(pub(crate) $crate::Call<R>);

        impl<R> $name<R> {
            /// A builder of `request`, to be sent over `transport`.
            pub(crate) fn new(transport: $crate::Transport, request: R) -> Self {
                Self($crate::Call::new(transport, request))
            }

            /// The request as built so far.
            pub fn request(&self) -> &R {
                self.0.request()
            }

            /// This call with its own timeout or retry policy instead of the client's
            /// (`.customize(CallSettings::new().timeout(Duration::from_secs(5)))`).
            pub fn customize(self, settings: $crate::CallSettings) -> Self {
                Self(self.0.customize(settings))
            }
        }

        impl<R: $crate::Action> $name<R> {
            /// Checks the documented rules, sends the request (retrying as the client's policy
            /// allows) and decodes the response.
            pub fn send(self) -> $crate::Sending<R::Response> {
                self.0.send()
            }

            /// Like [`send`](Self::send) (same rules, retries and errors) but answers the
            /// response as received: status, headers, body bytes and request id
            /// (`sdkgen_runtime::RawResponse`), for what the typed response lacks.
            pub fn send_raw(self) -> $crate::Sending<$crate::RawResponse> {
                self.0.send_raw()
            }
        }

        impl<R: $crate::Paged> $name<R> {
            /// Every page, in order. The first page decides: with a total, the remaining pages
            /// are fetched concurrently ([`page_concurrency`](Self::page_concurrency) at a
            /// time, 4 by default, order kept); without one, pages are fetched until a short
            /// one.
            pub fn pages(self) -> $crate::CallPages<R> {
                self.0.pages()
            }

            /// Every item of every page, in order (see [`pages`](Self::pages)).
            pub fn items(self) -> $crate::Items<$crate::CallPages<R>, R::Item> {
                self.0.items()
            }

            /// How many pages [`pages`](Self::pages) and [`items`](Self::items) fetch at once
            /// once the total is known (default 4; 1 fetches one page after another).
            pub fn page_concurrency(self, pages: usize) -> Self {
                Self(self.0.page_concurrency(pages))
            }
        }
    };
}

/// Declares a generated crate's `Client` (one method per action is added by each
/// [`action!`](crate::action)) and its `ClientBuilder` alias: the constructors, the transport
/// accessor and the generic calls every SDK has, written once here instead of in each crate.
///
/// ```
/// sdkgen_runtime::client! {
///     /// Client for the Thing API.
///     pub struct Client;
///     product: sdkgen_runtime::Product {
///         name: "thing-sdk",
///         version: "0.1.0",
///         env_prefix: "THING",
///         default_endpoint: Some("https://api.example.com"),
///     };
///     /// Configured from `THING_*`.
///     fn from_env;
/// }
/// let client = Client::builder().credentials("pk", "sk").build().unwrap();
/// assert_eq!(client.transport().base_url(), "https://api.example.com/");
/// ```
#[macro_export]
macro_rules! client {
    (
        $(#$meta:tt)*
        $vis:vis struct $name:ident;
        product: $product:expr;
        $(#$env_meta:tt)*
        fn from_env;
    ) => {
        /// What this SDK tells the runtime about itself.
        const PRODUCT: $crate::Product = $product;

        $(#$meta)*
        #[derive(Debug, Clone)]
        $vis struct $name {
            // Each action's method (in other modules of the crate) clones it into its call.
            pub(crate) transport: $crate::Transport,
        }

        /// Builds a [`Client`]: credentials, endpoint, region, project, timeouts, retry policy.
        $vis type ClientBuilder = $crate::ClientBuilder<$name>;

        impl ::core::convert::From<$crate::Transport> for $name {
            fn from(transport: $crate::Transport) -> $name {
                $name { transport }
            }
        }

        impl $name {
            /// A builder with nothing set; see [`ClientBuilder`].
            pub fn builder() -> ClientBuilder {
                $crate::ClientBuilder::new(PRODUCT)
            }

            $(#$env_meta)*
            pub fn from_env() -> $crate::Result<$name> {
                Self::builder().from_env().build()
            }

            /// The configured transport (endpoint, credentials, policies).
            pub fn transport(&self) -> &$crate::Transport {
                &self.transport
            }

            /// Calls `action` by its wire name with wire-named params (`[("Limit", "10")]`):
            /// for an action newer than this SDK. Signed, sent and checked like every other
            /// call; answers the JSON body. Not retried, as a write must not be; see
            /// [`invoke_idempotent`](Self::invoke_idempotent).
            pub async fn invoke(
                &self,
                action: &str,
                params: impl $crate::IntoParams,
            ) -> $crate::Result<$crate::serde_json::Value> {
                self.transport.invoke(action, params).await
            }

            /// [`invoke`](Self::invoke) for an action that is safe to repeat: transient
            /// failures are retried by the client's retry policy.
            pub async fn invoke_idempotent(
                &self,
                action: &str,
                params: impl $crate::IntoParams,
            ) -> $crate::Result<$crate::serde_json::Value> {
                self.transport.invoke_idempotent(action, params).await
            }
        }
    };
}
