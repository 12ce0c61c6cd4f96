"""Words read in another sense, reported as a new item: each family with a fixture that must
not state the fact and a twin in near-identical words that must keep it.

One family per section, in the lexicon languages where the wording is lexical. Every fixture
is written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

# --------------------------------------------------------------------------- selfies as photos

#: Selfies listed among the photos and videos a person posts are content, not an identity check.
SELFIES_AMONG_PHOTOS = {
    "en": "We collect the content you upload, such as photos or selfies and videos, to show it to your friends.",
    "fr": "Nous collectons le contenu que vous publiez, comme des photos ou selfies et des vidéos, pour le montrer à vos amis.",
    "de": "Wir erheben die Inhalte, die Sie hochladen, etwa Fotos oder Selfies und Videos, um sie Ihren Freunden zu zeigen.",
    "es": "Recopilamos el contenido que sube, como fotos o selfies y vídeos, para mostrarlo a sus amigos.",
    "it": "Raccogliamo i contenuti che carichi, come foto o selfie e video, per mostrarli ai tuoi amici.",
    "nl": "Wij verzamelen de inhoud die u uploadt, zoals foto's of selfies en video's, om die aan uw vrienden te tonen.",
}

#: Selfies given effects or filters are content too.
SELFIES_WITH_EFFECTS = {
    "en": "We process your images when you apply effects to your selfies in the camera.",
    "fr": "Nous traitons vos images lorsque vous appliquez des effets à vos selfies dans l'appareil photo.",
    "de": "Wir verarbeiten Ihre Bilder, wenn Sie Effekte auf Ihre Selfies in der Kamera anwenden.",
    "es": "Tratamos sus imágenes cuando aplica efectos a sus selfies en la cámara.",
    "it": "Trattiamo le tue immagini quando applichi effetti ai tuoi selfie nella fotocamera.",
    "nl": "Wij verwerken uw beelden wanneer u effecten op uw selfies toepast in de camera.",
}

#: The twin: a selfie taken to compare the face with a document is an identity check.
SELFIE_CHECK = {
    "en": "We collect a selfie to compare your face with the photo on your document.",
    "fr": "Nous collectons un selfie pour comparer votre visage avec la photo de votre document.",
    "de": "Wir erheben ein Selfie, um Ihr Gesicht mit dem Foto Ihres Dokuments zu vergleichen.",
    "es": "Recopilamos un selfie para comparar su rostro con la foto de su documento.",
    "it": "Raccogliamo un selfie per confrontare il tuo volto con la foto del tuo documento.",
    "nl": "Wij verzamelen een selfie om uw gezicht te vergelijken met de foto van uw document.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_selfies_among_photos_are_no_identity_check(lang: str) -> None:
    found = read(SELFIES_AMONG_PHOTOS[lang], lang)
    assert "data.verification" not in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_selfies_with_effects_are_no_identity_check(lang: str) -> None:
    assert "data.verification" not in read(SELFIES_WITH_EFFECTS[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_selfie_for_a_face_check_is_verification(lang: str) -> None:
    assert "data.verification" in read(SELFIE_CHECK[lang], lang).affirmed


# --------------------------------------------------------------------------- "correspondence"

#: fr « correspondance », es "correspondencia", it "corrispondenza" also mean a match (with
#: patterns or criteria) or "in line with / at": no messages. en, de and nl use other words.
CORRESPONDENCE_AS_MATCH = {
    "fr": "Nos outils traitent vos données et donnent des résultats sur les correspondances avec différents modèles de paiement.",
    "es": "Tratamos sus datos en correspondencia con la ley aplicable.",
    "it": "Trattiamo i tuoi dati in corrispondenza della sede del servizio.",
}

#: The same words with patterns or criteria in es and it.
CORRESPONDENCE_WITH_PATTERNS = {
    "es": "Nuestras herramientas tratan sus datos y comparan la correspondencia con diferentes patrones de pago.",
    "it": "I nostri strumenti trattano i tuoi dati e verificano la corrispondenza con diversi modelli di pagamento.",
}

#: The twin: correspondence with the customer service is messages.
CORRESPONDENCE_AS_MESSAGES = {
    "fr": "Nos outils traitent vos données et les correspondances avec notre service client.",
    "es": "Conservamos la correspondencia con nuestro servicio de atención al cliente.",
    "it": "Conserviamo la corrispondenza con il nostro servizio clienti.",
}


@pytest.mark.parametrize("lang", sorted(CORRESPONDENCE_AS_MATCH))
def test_correspondence_as_a_match_is_no_message(lang: str) -> None:
    assert "data.communications" not in read(CORRESPONDENCE_AS_MATCH[lang], lang).affirmed


@pytest.mark.parametrize("lang", sorted(CORRESPONDENCE_WITH_PATTERNS))
def test_correspondence_with_patterns_is_no_message(lang: str) -> None:
    found = read(CORRESPONDENCE_WITH_PATTERNS[lang], lang)
    assert "data.communications" not in found.affirmed


@pytest.mark.parametrize("lang", sorted(CORRESPONDENCE_AS_MESSAGES))
def test_twin_correspondence_with_support_is_messages(lang: str) -> None:
    found = read(CORRESPONDENCE_AS_MESSAGES[lang], lang)
    assert "data.communications" in found.affirmed
    assert "purpose.support" in found.affirmed


# --------------------------------------------------------------------------- others passing on

#: Other users passing on what the person shares with them: no sharing by the company.
OTHERS_PASS_ON = {
    "en": "Other users can share your posts with third parties.",
    "fr": "D'autres utilisateurs peuvent partager vos publications avec des tiers.",
    "de": "Andere Nutzer können Ihre Beiträge an Dritte weitergeben.",
    "es": "Otros usuarios pueden compartir sus publicaciones con terceros.",
    "it": "Altri utenti possono condividere i tuoi post con terzi.",
    "nl": "Andere gebruikers kunnen uw berichten met derden delen.",
}

#: "They become able to share it further": the people the person chats with.
OTHERS_BECOME_ABLE = {
    "en": "When you chat with others, they become capable of sharing your messages with third parties.",
    "fr": "Lorsque vous discutez avec d'autres, ils deviennent capables de partager vos messages avec des tiers.",
}

#: The twin: the company sharing the same posts.
WE_PASS_ON = {
    "en": "We can share your posts with third parties.",
    "fr": "Nous pouvons partager vos publications avec des tiers.",
    "de": "Wir können Ihre Beiträge an Dritte weitergeben.",
    "es": "Podemos compartir sus publicaciones con terceros.",
    "it": "Possiamo condividere i tuoi post con terzi.",
    "nl": "Wij kunnen uw berichten met derden delen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_other_users_passing_on_is_no_sharing(lang: str) -> None:
    assert "purpose.sharing_third_parties" not in read(OTHERS_PASS_ON[lang], lang).affirmed


@pytest.mark.parametrize("lang", sorted(OTHERS_BECOME_ABLE))
def test_others_becoming_able_to_share_is_no_sharing(lang: str) -> None:
    found = read(OTHERS_BECOME_ABLE[lang], lang)
    assert "purpose.sharing_third_parties" not in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_the_company_passing_on_is_sharing(lang: str) -> None:
    assert "purpose.sharing_third_parties" in read(WE_PASS_ON[lang], lang).affirmed


# --------------------------------------------------------------------------- camera as a permission or tool

#: A camera named as a device permission is no audio-visual data of the person.
CAMERA_ACCESS = {
    "en": "We use access to your camera to read QR codes.",
    "fr": "Nous utilisons l'accès à votre caméra pour lire les codes QR.",
    "de": "Wir nutzen den Zugriff auf Ihre Kamera, um QR-Codes zu lesen.",
    "es": "Usamos el acceso a su cámara para leer códigos QR.",
    "it": "Usiamo l'accesso alla tua fotocamera per leggere i codici QR.",
    "nl": "Wij gebruiken de toegang tot uw camera om QR-codes te lezen.",
}

#: The same with the microphone, named as a permission (and, en/de, as a setting).
MICROPHONE_PERMISSION = {
    "en": "We use your microphone permission to let you call other members.",
    "fr": "Nous utilisons l'autorisation d'accéder à votre microphone pour vous permettre d'appeler d'autres membres.",
    "de": "Wir nutzen die Berechtigung für Ihr Mikrofon, damit Sie andere Mitglieder anrufen können.",
    "es": "Usamos el permiso para acceder a su micrófono para que pueda llamar a otros miembros.",
    "it": "Usiamo il permesso di accedere al tuo microfono per farti chiamare altri membri.",
    "nl": "Wij gebruiken de toestemming voor uw microfoon om u andere leden te laten bellen.",
}

#: A camera named as the tool a photo is taken with: the photo is what is collected.
PHOTO_TAKEN_WITH_CAMERA = {
    "en": "We collect a photo taken with your camera to check your identity.",
    "fr": "Nous collectons une photo prise avec votre caméra pour vérifier votre identité.",
    "de": "Wir erheben ein mit Ihrer Kamera aufgenommenes Foto, um Ihre Identität zu prüfen.",
    "es": "Recopilamos una foto tomada con su cámara para verificar su identidad.",
    "it": "Raccogliamo una foto scattata con la tua fotocamera per verificare la tua identità.",
    "nl": "Wij verzamelen een foto die met uw camera is gemaakt om uw identiteit te controleren.",
}

#: The twins: what comes from the camera or microphone itself is audio-visual data.
CAMERA_IMAGES = {
    "en": "We use images from your camera to read QR codes.",
    "fr": "Nous utilisons les images de votre caméra pour lire les codes QR.",
    "de": "Wir nutzen die Bilder Ihrer Kamera, um QR-Codes zu lesen.",
    "es": "Usamos las imágenes de su cámara para leer códigos QR.",
    "it": "Usiamo le immagini della tua fotocamera per leggere i codici QR.",
    "nl": "Wij gebruiken de beelden van uw camera om QR-codes te lezen.",
}

MICROPHONE_SOUND = {
    "en": "We use the sound of your microphone to let you call other members.",
    "fr": "Nous utilisons le son de votre microphone pour vous permettre d'appeler d'autres membres.",
    "de": "Wir nutzen den Ton Ihres Mikrofons, damit Sie andere Mitglieder anrufen können.",
    "es": "Usamos el sonido de su micrófono para que pueda llamar a otros miembros.",
    "it": "Usiamo il suono del tuo microfono per farti chiamare altri membri.",
    "nl": "Wij gebruiken het geluid van uw microfoon om u andere leden te laten bellen.",
}

PHOTO_FROM_CAMERA = {
    "en": "We collect a photo from your camera to check your identity.",
    "fr": "Nous collectons une photo issue de votre caméra pour vérifier votre identité.",
    "de": "Wir erheben ein Foto aus Ihrer Kamera, um Ihre Identität zu prüfen.",
    "es": "Recopilamos una foto de su cámara para verificar su identidad.",
    "it": "Raccogliamo una foto dalla tua fotocamera per verificare la tua identità.",
    "nl": "Wij verzamelen een foto uit uw camera om uw identiteit te controleren.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_camera_access_is_no_audio_visual_data(lang: str) -> None:
    assert "data.audio_visual" not in read(CAMERA_ACCESS[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_microphone_permission_is_no_audio_visual_data(lang: str) -> None:
    assert "data.audio_visual" not in read(MICROPHONE_PERMISSION[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_camera_as_the_tool_of_a_photo_is_no_audio_visual_data(lang: str) -> None:
    assert "data.audio_visual" not in read(PHOTO_TAKEN_WITH_CAMERA[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_images_from_the_camera_are_audio_visual(lang: str) -> None:
    assert "data.audio_visual" in read(CAMERA_IMAGES[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_sound_of_the_microphone_is_audio_visual(lang: str) -> None:
    assert "data.audio_visual" in read(MICROPHONE_SOUND[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_photo_from_the_camera_is_audio_visual(lang: str) -> None:
    assert "data.audio_visual" in read(PHOTO_FROM_CAMERA[lang], lang).affirmed


#: The tool named after another ("a webcam or device camera") is still the tool.
PHOTO_TAKEN_WITH_WEBCAM_OR_CAMERA = {
    "en": "We collect a photo taken using a webcam or device camera to check your identity.",
    "fr": "Nous collectons une photo prise avec une webcam ou la caméra de votre appareil pour vérifier votre identité.",
    "es": "Recopilamos una foto tomada con una webcam o la cámara de su dispositivo para verificar su identidad.",
    "it": "Raccogliamo una foto scattata con una webcam o la fotocamera del dispositivo per verificare la tua identità.",
}


@pytest.mark.parametrize("lang", sorted(PHOTO_TAKEN_WITH_WEBCAM_OR_CAMERA))
def test_camera_named_after_a_webcam_is_still_the_tool(lang: str) -> None:
    found = read(PHOTO_TAKEN_WITH_WEBCAM_OR_CAMERA[lang], lang)
    assert "data.audio_visual" not in found.affirmed


# --------------------------------------------------------------------------- audio content

#: Audio named as a kind of content the person posts, among photos and text, is content, not a
#: recording of the person (en and de never read "audio content" as one; the four others now agree).
AUDIO_CONTENT = {
    "en": "We store the photos, videos, audio content and text that you publish on your profile.",
    "fr": "Nous conservons les photos, vidéos, contenus audio et textes que vous publiez sur votre profil.",
    "de": "Wir speichern die Fotos, Videos, Audioinhalte und Texte, die Sie in Ihrem Profil veröffentlichen.",
    "es": "Conservamos las fotos, vídeos, contenidos de audio y textos que publica en su perfil.",
    "it": "Conserviamo le foto, i video, i contenuti audio e i testi che pubblichi sul tuo profilo.",
    "nl": "Wij bewaren de foto's, video's, audio-inhoud en teksten die u op uw profiel plaatst.",
}

#: The twin: audio recordings of the person's voice are audio-visual data.
AUDIO_RECORDINGS = {
    "en": "We store the photos, videos, audio recordings and text that you publish on your profile.",
    "fr": "Nous conservons les photos, vidéos, enregistrements audio et textes que vous publiez sur votre profil.",
    "de": "Wir speichern die Fotos, Videos, Audioaufnahmen und Texte, die Sie in Ihrem Profil veröffentlichen.",
    "es": "Conservamos las fotos, vídeos, grabaciones de audio y textos que publica en su perfil.",
    "it": "Conserviamo le foto, i video, le registrazioni audio e i testi che pubblichi sul tuo profilo.",
    "nl": "Wij bewaren de foto's, video's, audio-opnames en teksten die u op uw profiel plaatst.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_audio_content_posted_is_content_not_audio_visual(lang: str) -> None:
    assert "data.audio_visual" not in read(AUDIO_CONTENT[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_audio_recordings_are_audio_visual(lang: str) -> None:
    assert "data.audio_visual" in read(AUDIO_RECORDINGS[lang], lang).affirmed


# --------------------------------------------------------------------------- contact channels

#: The channels by which the company contacts the person name none of the person's messages
#: (lexical in en, fr and de; es, it and nl never read these words as messages).
CONTACTED_BY_CHANNEL = {
    "en": "We use your information to tell you about our offers, and we may contact you by email, phone or in-app message.",
    "fr": "Nous utilisons vos données pour vous informer de nos offres et pouvons vous contacter par e-mail, téléphone ou messagerie.",
    "de": "Wir nutzen Ihre Daten für unsere Angebote und können Sie per E-Mail, Telefon oder In-App-Nachricht kontaktieren.",
    "es": "Usamos sus datos para informarle de nuestras ofertas y podemos contactarle por correo electrónico, teléfono o mensaje en la aplicación.",
    "it": "Usiamo i tuoi dati per informarti sulle nostre offerte e possiamo contattarti via email, telefono o messaggio in-app.",
    "nl": "Wij gebruiken uw gegevens om u over onze aanbiedingen te informeren en kunnen contact met u opnemen via e-mail, telefoon of in-app-bericht.",
}

#: The twin: the person's own message in the app is a communication.
OWN_MESSAGE_IN_APP = {
    "en": "We use your information to tell you about our offers, and we may read your in-app message to a courier.",
    "fr": "Nous utilisons vos données pour vous informer de nos offres et pouvons lire votre messagerie avec un livreur.",
    "de": "Wir nutzen Ihre Daten für unsere Angebote und können Ihre In-App-Nachricht an einen Kurier lesen.",
    "es": "Usamos sus datos para informarle de nuestras ofertas y podemos leer sus mensajes a un repartidor.",
    "it": "Usiamo i tuoi dati per informarti sulle nostre offerte e possiamo leggere i tuoi messaggi a un corriere.",
    "nl": "Wij gebruiken uw gegevens om u over onze aanbiedingen te informeren en kunnen uw chatberichten aan een koerier lezen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_contact_channels_of_the_company_are_no_communications(lang: str) -> None:
    assert "data.communications" not in read(CONTACTED_BY_CHANNEL[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_the_persons_own_message_is_a_communication(lang: str) -> None:
    assert "data.communications" in read(OWN_MESSAGE_IN_APP[lang], lang).affirmed


# --------------------------------------------------------------------------- advertising data as a category

#: Advertising data named as a category of data (used here for security) states no advertising purpose.
ADVERTISING_DATA_USED = {
    "en": "We use your account details and advertising information to detect fraud.",
    "fr": "Nous utilisons vos données de compte et vos données publicitaires pour détecter la fraude.",
    "de": "Wir nutzen Ihre Kontodaten und Werbedaten, um Betrug zu erkennen.",
    "es": "Usamos los datos de su cuenta y sus datos publicitarios para detectar fraudes.",
    "it": "Usiamo i dati del tuo account e i tuoi dati pubblicitari per rilevare le frodi.",
    "nl": "Wij gebruiken uw accountgegevens en advertentiegegevens om fraude op te sporen.",
}

#: The twin: the same data used for advertising.
DATA_USED_FOR_ADVERTISING = {
    "en": "We use your account details for advertising and to detect fraud.",
    "fr": "Nous utilisons vos données de compte pour la publicité et pour détecter la fraude.",
    "de": "Wir nutzen Ihre Kontodaten für Werbung und um Betrug zu erkennen.",
    "es": "Usamos los datos de su cuenta para publicidad y para detectar fraudes.",
    "it": "Usiamo i dati del tuo account per la pubblicità e per rilevare le frodi.",
    "nl": "Wij gebruiken uw accountgegevens voor advertenties en om fraude op te sporen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_advertising_data_as_a_category_is_no_advertising_purpose(lang: str) -> None:
    found = read(ADVERTISING_DATA_USED[lang], lang)
    assert "purpose.advertising" not in found.affirmed
    assert "purpose.security" in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_data_used_for_advertising_is_the_advertising_purpose(lang: str) -> None:
    assert "purpose.advertising" in read(DATA_USED_FOR_ADVERTISING[lang], lang).affirmed
